/**
 * Group commit of a node's steps, on a real store with the real audit log: steps started together share one
 * transaction and one audit append, each committed with its audit entry; a step that fails rolls its group back and
 * the others commit on their own. The processes a group's steps lock are locked ahead in one statement, and a step
 * still reads what an earlier step of its group wrote.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { AuditEntryInput } from '../../../src/audit/entry/entry.ts';
import { appendAuditBatch } from '../../../src/audit/store/append.ts';
import { groupedStep } from '../../../src/protocol/service/_grouped-steps.ts';
import { contractRequestMessage } from '../../../src/protocol/messages/negotiation-builders.ts';
import {
  commandNegotiation,
  getNegotiation,
  openFromRequest,
  startNegotiation,
} from '../../../src/protocol/service/negotiations.ts';
import type { ProtocolDeps } from '../../../src/protocol/service/ports.ts';
import { IN_MEMORY, openMetadataStore, type MetadataStore } from '../../../src/store/metadata/open.ts';

describe('group commit of a node’s steps', () => {
  let store: MetadataStore;
  let transactions = 0;
  const appends: AuditEntryInput[][] = [];
  let deps: ProtocolDeps;
  /** Process ids `newPid` hands out before random ones. */
  const forcedPids: string[] = [];

  before(async () => {
    store = await openMetadataStore({ dataDir: IN_MEMORY });
    const counted: MetadataStore = {
      kind: store.kind,
      db: store.db,
      ping: () => store.ping(),
      appliedMigrations: () => store.appliedMigrations(),
      close: () => store.close(),
      transaction: (fn) => {
        transactions += 1;
        return store.transaction(fn);
      },
    };
    deps = {
      store: counted,
      node: 'DEU',
      address: 'https://deu.test/dsp',
      clock: () => new Date('2026-11-26T06:00:00Z'),
      audit: async (trx, entries) => {
        appends.push([...entries]);
        await appendAuditBatch(trx, entries);
      },
      newPid: () => forcedPids.shift() ?? `urn:uuid:${randomUUID()}`,
    };
  });
  after(async () => store.close());

  const start = (i: number) =>
    startNegotiation(deps, {
      provider: 'FRA',
      providerAddress: 'https://fra.test/dsp',
      offer: { '@type': 'Offer', '@id': `urn:offer:${i}`, target: `urn:dataset:${i}` },
      actor: 'user:dora',
    });

  test('steps started together share one transaction and one audit append, each with its own entry', async () => {
    transactions = 0;
    appends.length = 0;
    const started = await Promise.all([0, 1, 2, 3, 4].map(start));
    assert.equal(transactions, 1);
    assert.equal(appends.length, 1);
    assert.deepEqual(
      appends[0]?.map((e) => e.subject),
      started.map((s) => `negotiation:${s.pid}`),
    );
    const logged = await store.db.selectFrom('audit_entry').select('subject').execute();
    for (const { pid } of started) {
      assert.equal((await getNegotiation(deps, { pid })).ok, true);
      assert.ok(logged.some((row) => row.subject === `negotiation:${pid}`));
    }
  });

  test('a step that fails rolls its group back, and the other steps of the group commit on their own', async () => {
    transactions = 0;
    const failing = groupedStep(deps, async (trx) => {
      await trx.selectFrom('dsp_negotiation').select('pid').execute();
      throw new Error('Cannot go on: this step is broken');
    });
    const [first, second] = await Promise.allSettled([start(10), failing, start(11)]).then((results) => [
      results[0],
      results[2],
    ]);
    await assert.rejects(failing, /this step is broken/);
    // One shared transaction rolled back, then each of the three alone.
    assert.equal(transactions, 4);
    for (const result of [first, second]) {
      assert.equal(result?.status, 'fulfilled');
      const { pid } = (result as PromiseFulfilledResult<{ pid: string }>).value;
      assert.equal((await getNegotiation(deps, { pid })).ok, true);
    }
  });

  test('a step reads the process as an earlier step of its group left it, though the group locked it ahead', async () => {
    const [a, b] = await Promise.all([start(20), start(21)]);
    assert.ok(a !== undefined && b !== undefined);
    transactions = 0;
    const command = (pid: string, event: Parameters<typeof commandNegotiation>[1]['event']) =>
      commandNegotiation(deps, { pid, event, actor: 'user:dora' });
    const results = await Promise.all([
      command(a.pid, { kind: 'acknowledged', providerPid: 'urn:uuid:fra-20' }),
      command(b.pid, { kind: 'acknowledged', providerPid: 'urn:uuid:fra-21' }),
      command(a.pid, { kind: 'terminate', code: 'changed-mind' }),
    ]);
    assert.equal(transactions, 1);
    assert.deepEqual(
      results.map((r) => r.ok),
      [true, true, true],
    );
    const after = await getNegotiation(deps, { pid: a.pid });
    assert.equal(after.ok && after.value.state, 'TERMINATED');
    assert.equal(after.ok && after.value.providerPid, 'urn:uuid:fra-20');
    const other = await getNegotiation(deps, { pid: b.pid });
    assert.equal(other.ok && other.value.providerPid, 'urn:uuid:fra-21');
    // Its messages are queued in the order its steps sent them.
    const queued = await store.db
      .selectFrom('dsp_outbox')
      .select('message')
      .where('process_pid', '=', a.pid)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      queued.map((row) => (row.message as { '@type': string })['@type']),
      ['ContractRequestMessage', 'ContractNegotiationTerminationMessage'],
    );
  });

  test('rows a group writes together that break a unique index roll the group back, and each step runs alone', async () => {
    const first = await start(30);
    transactions = 0;
    forcedPids.push(first.pid);
    const [again, other] = await Promise.allSettled([start(31), start(32)]);
    assert.equal(again?.status, 'rejected');
    assert.equal(other?.status, 'fulfilled');
    // The shared transaction, then each step alone.
    assert.equal(transactions, 3);
    const kept = await getNegotiation(deps, { pid: first.pid });
    assert.equal(kept.ok && kept.value.offer.target, 'urn:dataset:30');
    const { pid } = (other as PromiseFulfilledResult<{ pid: string }>).value;
    assert.equal((await getNegotiation(deps, { pid })).ok, true);
  });

  test('openings of one group are looked up together: a redelivery finds its process, new ones are opened once', async () => {
    const request = (consumerPid: string) =>
      openFromRequest(deps, {
        consumer: 'ITA',
        consumerCountry: 'ITA',
        message: contractRequestMessage({
          consumerPid,
          offer: { '@type': 'Offer', '@id': 'urn:offer:40', target: 'urn:dataset:40' },
          callbackAddress: 'https://ita.test/dsp',
        }),
      });
    const first = await request('urn:uuid:ita-1');
    assert.ok(first.ok);
    transactions = 0;
    const [again, fresh, twice] = await Promise.all([
      request('urn:uuid:ita-1'),
      request('urn:uuid:ita-2'),
      request('urn:uuid:ita-2'),
    ]);
    assert.equal(transactions, 1);
    assert.ok(again?.ok && fresh?.ok && twice?.ok);
    assert.equal(again.value.pid, first.value.pid);
    assert.equal(again.value.created, false);
    assert.equal(fresh.value.created, true);
    // The same opening twice in one group: the second is a redelivery of the first.
    assert.equal(twice.value.pid, fresh.value.pid);
    assert.equal(twice.value.created, false);
    const opened = await store.db
      .selectFrom('dsp_negotiation')
      .select('pid')
      .where('counterparty', '=', 'ITA')
      .execute();
    assert.equal(opened.length, 2);
  });
});
