/**
 * A test hook for crash tests: `FOEDERA_CRASH_AFTER=<audit kind>[:<role>]` (e.g. `negotiation.agreed:provider`,
 * `transfer.started`) makes the node kill itself with SIGKILL right after the transaction that recorded that step
 * commits, before anything else happens (no reply, no outbox delivery), as a power cut at that point would. Unset,
 * it changes nothing. The end-to-end crash tests restart the node on the same home and check that it ends as it
 * would have without the kill. Steps that are not protocol transactions have a hook of their own
 * (`crashAfterStep`), e.g. `dataplane.segment-kept`: the consumer's data plane durably kept one segment of a pull.
 */
import type { Transaction } from 'kysely';
import type { AuditEntryInput } from '../../audit/entry/entry.ts';
import type { Database } from '../../store/metadata/database.ts';
import type { MetadataStore } from '../../store/metadata/port.ts';

export const CRASH_AFTER_ENV = 'FOEDERA_CRASH_AFTER';

export type CrashPoint = {
  /** The store whose transactions end the process when one of them recorded the step. */
  store(store: MetadataStore): MetadataStore;
  /** Told of each audit entry appended in a transaction. */
  saw(trx: Transaction<Database>, entry: AuditEntryInput): void;
};

const NONE: CrashPoint = { store: (store) => store, saw: () => undefined };

const sigkill = (): void => {
  process.kill(process.pid, 'SIGKILL');
};

/** Steps outside the protocol's transactions that a crash test can name. */
export type CrashStep = 'dataplane.segment-kept';

/**
 * The hook of a step that is not a protocol transaction: call it right after the step is durable; it kills the
 * process when the spec names that step, and does nothing otherwise.
 */
export function crashAfterStep(
  step: CrashStep,
  spec: string | undefined = process.env[CRASH_AFTER_ENV],
  kill: () => void = sigkill,
): () => void {
  return spec === step ? kill : () => undefined;
}

export function crashPoint(spec: string | undefined, kill: () => void = sigkill): CrashPoint {
  if (spec === undefined || spec === '') return NONE;
  const [kind, role] = spec.split(':');
  const armed = new WeakSet<Transaction<Database>>();
  return {
    saw: (trx, entry) => {
      if (entry.kind !== kind) return;
      if (role !== undefined && (entry.details as { role?: unknown } | undefined)?.role !== role) return;
      armed.add(trx);
    },
    store: (store) => ({
      kind: store.kind,
      db: store.db,
      ping: () => store.ping(),
      appliedMigrations: () => store.appliedMigrations(),
      close: () => store.close(),
      transaction: async (fn) => {
        let recorded = false;
        const result = await store.transaction(async (trx) => {
          const value = await fn(trx);
          recorded = armed.has(trx);
          return value;
        });
        // Committed: this is the instant the test wants the process to vanish at.
        if (recorded) kill();
        return result;
      },
    }),
  };
}
