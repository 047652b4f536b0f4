/**
 * Three node processes (FRA, DEU, EDA) of one federation directory witness each other's audit logs with no peer
 * pinned by hand: each learns the others from the federation (register and run.json) and their keys over mutual TLS.
 * Then FRA is made to present a second history under the same log key (stopped, its log rewritten in its own store,
 * restarted): both witnesses raise an alarm (log line, Prometheus counter, management API) holding both signed heads.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { issueUserToken } from '../../src/cli/commands/token.ts';
import { writeUserDirectory } from '../../src/trust/tokens/users-file.ts';
import { parseVerifierKey } from '../../src/audit/note/keys.ts';
import { openCosignedCheckpoint } from '../../src/audit/note/verify-cosigned.ts';
import { appendAuditBatch } from '../../src/audit/store/append.ts';
import { verifyForkEvidence } from '../../src/audit/witness/verify-evidence.ts';
import type { ForkEvidence } from '../../src/audit/witness/witness.ts';
import { openMetadataStore } from '../../src/store/metadata/open.ts';
import {
  makeFederation,
  startNodeProcess,
  stopNodeProcess,
  tempDir,
  waitFor,
  type NodeProcess,
} from './support/federation.ts';

const USER = { nationality: 'FRA', clearances: { NATO: 'NATO SECRET' }, coi: [], roles: ['auditor'] };
const IDS = ['FRA', 'DEU', 'EDA'] as const;
type Id = (typeof IDS)[number];
type Keys = { log: string; witness: string };
type PeerView = { participant: string; origin: string; size: number | null; checkpoint: string | null };
type Alarm = { origin: string; reason: string; detail: string; evidence: ForkEvidence };

const others = (id: Id): Id[] => IDS.filter((other) => other !== id);

describe('three node processes witnessing each other, peers found from the federation', () => {
  let dir: { path: string; remove: () => Promise<void> };
  const nodes = new Map<Id, NodeProcess>();
  const tokens = new Map<Id, string>();
  const keys = new Map<Id, Keys>();
  const home = (id: Id): string => join(dir.path, id);
  const api = async (id: Id, path: string): Promise<Response> =>
    fetch(`${nodes.get(id)?.run.managementUrl}${path}`, {
      headers: { authorization: `Bearer ${tokens.get(id)}` },
    });
  const peersOf = async (id: Id): Promise<PeerView[]> =>
    ((await (await api(id, '/v1/audit/peers')).json()) as { peers: PeerView[] }).peers;
  const alarmsOf = async (id: Id): Promise<Alarm[]> =>
    ((await (await api(id, '/v1/audit/alarms')).json()) as { alarms: Alarm[] }).alarms;

  before(async () => {
    dir = await tempDir('audit-federation');
    await makeFederation(dir.path, 'E2E', IDS);
    for (const id of IDS) {
      await writeUserDirectory(join(home(id), 'idp', 'users.json'), { users: { alice: USER } });
      // Short intervals (the node config's audit settings) so that rounds happen within the test's patience.
      const file = join(home(id), 'foedera.json');
      const config = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
      config['audit'] = { checkpointIntervalMs: 500, witnessIntervalMs: 1000 };
      await writeFile(file, JSON.stringify(config, null, 2));
    }
    const started = await Promise.all(IDS.map((id) => startNodeProcess(home(id))));
    IDS.forEach((id, i) => nodes.set(id, started[i] as NodeProcess));
    for (const id of IDS) {
      tokens.set(id, await issueUserToken({ home: home(id), user: 'alice', ttl: '30m' }));
      keys.set(id, (await (await api(id, '/v1/audit/keys')).json()) as Keys);
    }
  });

  after(async () => {
    await Promise.all([...nodes.values()].map((node) => stopNodeProcess(node)));
    await dir.remove();
  });

  test('each node cosigns the checkpoints of the two others, and shows their cosigned heads', async () => {
    for (const log of IDS) {
      const logKey = parseVerifierKey(keys.get(log)?.log ?? '');
      const witnesses = others(log).map((w) => parseVerifierKey(keys.get(w)?.witness ?? ''));
      let note = '';
      await waitFor(
        async () => {
          const response = await api(log, '/v1/audit/checkpoint');
          note = response.status === 200 ? await response.text() : '';
          // Quorum defaults to every witness given: both other nodes must have cosigned.
          return note !== '' && openCosignedCheckpoint(note, { logKey, witnesses }).ok;
        },
        { timeoutMs: 240_000, intervalMs: 500, what: `both cosignatures on ${log}'s checkpoint` },
      );
      const opened = openCosignedCheckpoint(note, { logKey, witnesses });
      assert.ok(opened.ok, opened.ok ? '' : opened.detail);
      assert.deepEqual(
        opened.value.cosigners.map((c) => c.name).sort(),
        others(log)
          .map((w) => `foedera/${w}/witness`)
          .sort(),
      );
    }
    for (const witness of IDS) {
      // Found from the federation directory: no audit/peers.json was written.
      const peers = await peersOf(witness);
      assert.deepEqual(peers.map((p) => p.participant).sort(), others(witness).sort());
      for (const peer of peers) {
        assert.ok(peer.size !== null && peer.size >= 1, `${witness} holds a head of ${peer.participant}`);
        const logKey = parseVerifierKey(keys.get(peer.participant as Id)?.log ?? '');
        const own = parseVerifierKey(keys.get(witness)?.witness ?? '');
        const held = openCosignedCheckpoint(peer.checkpoint ?? '', { logKey, witnesses: [own] });
        assert.ok(held.ok, `${witness}'s head of ${peer.participant} carries its cosignature`);
      }
      assert.deepEqual(await alarmsOf(witness), [], `${witness} raised no alarm against honest logs`);
    }
  });

  test('a node that presents a rewritten history under the same key is caught by both witnesses', async () => {
    const fraLog = parseVerifierKey(keys.get('FRA')?.log ?? '');
    await stopNodeProcess(nodes.get('FRA'));
    const held = new Map<Id, PeerView>();
    for (const witness of others('FRA')) {
      const view = (await peersOf(witness)).find((p) => p.participant === 'FRA');
      assert.ok(view?.checkpoint, `${witness} holds a head of FRA`);
      held.set(witness, view);
    }

    // FRA's operator rewrites its log in its own store: everything gone, another history in its place, signed again
    // with the same key when the node restarts. The witnesses remember what FRA showed them before.
    const store = await openMetadataStore({ dataDir: join(home('FRA'), 'data', 'metadata') });
    try {
      await store.transaction(async (trx) => {
        for (const table of ['audit_entry', 'audit_node', 'audit_checkpoint'])
          await sql`delete from ${sql.table(table)}`.execute(trx);
        await sql`update audit_tree set size = 0, root = sha256(''::bytea), frontier = '\\x'::bytea`.execute(
          trx,
        );
        await appendAuditBatch(
          trx,
          Array.from({ length: 50 }, (_, i) => ({
            time: new Date().toISOString(),
            node: 'FRA',
            kind: 'node.started' as const,
            actor: 'participant:FRA',
            subject: 'participant:FRA',
            details: { rewritten: i },
          })),
        );
      });
    } finally {
      await store.close();
    }
    const restarted = await startNodeProcess(home('FRA'));
    nodes.set('FRA', restarted);

    for (const witness of others('FRA')) {
      let alarm: Alarm | undefined;
      await waitFor(
        async () => {
          alarm = (await alarmsOf(witness)).find((a) => a.origin === 'foedera/FRA');
          return alarm !== undefined;
        },
        { timeoutMs: 180_000, intervalMs: 500, what: `${witness}'s alarm on FRA's second history` },
      );
      assert.ok(alarm !== undefined);
      assert.equal(alarm.reason, 'inconsistent-proof');
      // Both heads are kept, as FRA signed them: the one the witness had cosigned and the conflicting one.
      assert.equal(alarm.evidence.previous.split('\n\n')[0], held.get(witness)?.checkpoint?.split('\n\n')[0]);
      assert.notEqual(alarm.evidence.next, alarm.evidence.previous);
      const rechecked = verifyForkEvidence(alarm.evidence, fraLog);
      assert.ok(rechecked.ok, rechecked.ok ? '' : rechecked.detail);

      const metrics = await (await fetch(`${nodes.get(witness)?.run.managementUrl}/metrics`)).text();
      assert.match(metrics, /audit_alarms_total\{origin="foedera\/FRA"\} 1\b/);
      const line = nodes
        .get(witness)
        ?.logs()
        .find((l) => l['msg'] === 'Audit log fork or rollback detected');
      assert.ok(line !== undefined, `${witness} logged the fork`);
      // The witness keeps the head it verified and does not cosign the other history.
      const after = (await peersOf(witness)).find((p) => p.participant === 'FRA');
      assert.equal(after?.checkpoint, held.get(witness)?.checkpoint);
    }
    // One alarm per conflicting checkpoint, however many rounds see it again.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    for (const witness of others('FRA')) {
      const fra = (await alarmsOf(witness)).filter((a) => a.origin === 'foedera/FRA');
      assert.equal(new Set(fra.map((a) => a.evidence.next)).size, fra.length);
    }
  });
});
