// Group commit for the steps of one node. Every audited step takes the audit tree's row lock and keeps it until its
// transaction commits, so steps that each commit alone pay one WAL flush after another. Steps that arrive while a
// transaction is committing wait for the next one and share it: each runs in turn, leaves its audit entries in the
// shared collector, the entries go in one append and the whole group commits once. Each step still commits with its
// audit record and nothing is answered before that commit. If the shared transaction fails (a lost race on a unique
// index, a bug in one step), it is rolled back and each of its steps runs again in a transaction of its own, so that
// one step's failure is its own. A step that names the process it will lock lets the group lock all of them in one
// statement before the steps run (`_locked-rows.ts`), and the negotiation rows the steps write go in one statement per
// kind of row before the audit append (`_deferred-writes.ts`).
import type { Transaction } from 'kysely';
import type { AuditEntryInput } from '../../audit/entry/entry.ts';
import type { Database } from '../../store/metadata/database.ts';
import { deferWrites, flushWrites } from './_deferred-writes.ts';
import { lockAhead, type AheadKey } from './_locked-rows.ts';
import type { ProtocolDeps } from './ports.ts';

type Trx = Transaction<Database>;

/** One step: its writes in `trx`, its audit entries left in `audit` (appended by the group before it commits). */
export type GroupedStep<T> = (trx: Trx, audit: AuditEntryInput[]) => Promise<T>;

type Queued = {
  step: GroupedStep<unknown>;
  locks: AheadKey | undefined;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
};

/** Steps per shared transaction: bounds how long its row locks are held. */
const GROUP_LIMIT = 64;

type Group = { queue: Queued[]; running: boolean };
const groups = new WeakMap<ProtocolDeps, Group>();

async function alone(deps: ProtocolDeps, step: GroupedStep<unknown>): Promise<unknown> {
  return deps.store.transaction(async (trx) => {
    const audit: AuditEntryInput[] = [];
    const value = await step(trx, audit);
    if (audit.length > 0) await deps.audit(trx, audit);
    return value;
  });
}

async function drain(deps: ProtocolDeps, group: Group): Promise<void> {
  // The queue is checked and the group marked idle in one synchronous stretch: no step can slip in between.
  while (group.queue.length > 0) {
    const batch = group.queue.splice(0, GROUP_LIMIT);
    if (batch.length === 1) {
      const [only] = batch as [Queued];
      await alone(deps, only.step).then(only.resolve, only.reject);
      continue;
    }
    let values: unknown[];
    try {
      values = await deps.store.transaction(async (trx) => {
        const audit: AuditEntryInput[] = [];
        const out: unknown[] = [];
        const keys = batch.flatMap((queued) => (queued.locks === undefined ? [] : [queued.locks]));
        if (keys.length > 0) await lockAhead(trx, keys);
        deferWrites(trx);
        for (const queued of batch) out.push(await queued.step(trx, audit));
        await flushWrites(trx);
        if (audit.length > 0) await deps.audit(trx, audit);
        return out;
      });
    } catch {
      // Rolled back as a whole: each step again on its own, in arrival order, so that a failure stays its own.
      for (const queued of batch) await alone(deps, queued.step).then(queued.resolve, queued.reject);
      continue;
    }
    batch.forEach((queued, i) => queued.resolve(values[i]));
  }
  group.running = false;
}

/**
 * Runs `step` in the next transaction of this node's group commit; resolves once that transaction has committed.
 * `locks` names the process the step locks first (or the one its opening message would open), if it knows it.
 */
export function groupedStep<T>(deps: ProtocolDeps, step: GroupedStep<T>, locks?: AheadKey): Promise<T> {
  let group = groups.get(deps);
  if (group === undefined) {
    group = { queue: [], running: false };
    groups.set(deps, group);
  }
  const promise = new Promise<T>((resolve, reject) => {
    group.queue.push({ step, locks, resolve: resolve as (value: unknown) => void, reject });
  });
  if (!group.running) {
    group.running = true;
    const running = group;
    // Begin on a later tick, so that steps started together share the first transaction too.
    setImmediate(() => void drain(deps, running));
  }
  return promise;
}
