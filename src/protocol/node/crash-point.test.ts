import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { IN_MEMORY, openMetadataStore } from '../../store/metadata/open.ts';
import type { MetadataStore } from '../../store/metadata/port.ts';
import type { AuditEntryInput } from '../../audit/entry/entry.ts';
import { crashAfterStep, crashPoint } from './crash-point.ts';

let store: MetadataStore;
before(async () => {
  store = await openMetadataStore({ dataDir: IN_MEMORY });
  await sql`create table crash_probe (n int)`.execute(store.db);
});
after(() => store.close());

const entry = (kind: AuditEntryInput['kind'], role: string): AuditEntryInput => ({
  time: '2026-11-26T00:00:00Z',
  node: 'FRA',
  kind,
  actor: 'test',
  subject: 'negotiation:x',
  details: { role },
});

const count = async () =>
  Number((await sql<{ n: string }>`select count(*) as n from crash_probe`.execute(store.db)).rows[0]?.n);

test('crashPoint() kills only after the transaction that recorded the named step has committed', async () => {
  const seen: number[] = [];
  const point = crashPoint('negotiation.agreed:provider', () => {
    seen.push(-1);
  });
  const wrapped = point.store(store);
  await wrapped.transaction(async (trx) => {
    await sql`insert into crash_probe values (1)`.execute(trx);
    point.saw(trx, entry('negotiation.agreed', 'consumer'));
    point.saw(trx, entry('negotiation.requested', 'provider'));
  });
  assert.deepEqual(seen, [], 'another role or another step does not kill');
  const killedAfter: number[] = [];
  const armed = crashPoint('negotiation.agreed:provider', () => {
    // What the kill would leave behind is already committed, as a reader outside the transaction sees it.
    void count().then((n) => killedAfter.push(n));
  });
  await armed.store(store).transaction(async (trx) => {
    await sql`insert into crash_probe values (2)`.execute(trx);
    armed.saw(trx, entry('negotiation.agreed', 'provider'));
  });
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(killedAfter, [2]);
});

test('crashPoint() does not kill when the transaction that recorded the step rolls back', async () => {
  let killed = false;
  const point = crashPoint('transfer.started', () => {
    killed = true;
  });
  await assert.rejects(
    point.store(store).transaction(async (trx) => {
      point.saw(trx, entry('transfer.started', 'provider'));
      throw new Error('rolled back');
    }),
  );
  assert.equal(killed, false);
});

test('crashPoint() without a spec returns the store unchanged', () => {
  assert.equal(crashPoint(undefined).store(store), store);
});

test('crashAfterStep() kills only when the spec names that step', () => {
  let kills = 0;
  const kill = () => {
    kills += 1;
  };
  crashAfterStep('dataplane.segment-kept', 'transfer.started', kill)();
  crashAfterStep('dataplane.segment-kept', undefined, kill)();
  assert.equal(kills, 0);
  crashAfterStep('dataplane.segment-kept', 'dataplane.segment-kept', kill)();
  assert.equal(kills, 1);
});
