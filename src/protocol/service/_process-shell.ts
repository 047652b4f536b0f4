// What the negotiation and transfer shells share: finding the process an opening message opened, retrying an opening
// that lost a race on the unique index, and running a step in the caller's transaction or in one of its own.
import type { Selectable, Transaction } from 'kysely';
import type { AuditEntryInput } from '../../audit/entry/entry.ts';
import type { Database } from '../../store/metadata/database.ts';
import type { DspNegotiationTable, DspTransferTable } from '../store/tables.ts';
import { groupedStep, type GroupedStep } from './_grouped-steps.ts';
import { flushFor, flushWrites } from './_deferred-writes.ts';
import { takeLocked, type ProcessKey } from './_locked-rows.ts';
import type { ProtocolDeps } from './ports.ts';

type Trx = Transaction<Database>;
type Rows = { dsp_negotiation: DspNegotiationTable; dsp_transfer: DspTransferTable };

const isUniqueViolation = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';

/** Runs an opening once more when two deliveries of one message raced on the unique index: the loser finds the winner. */
export async function opening<T>(attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return attempt();
  }
}

/**
 * Runs `step` in `trx` when the caller holds one (its audit entries left in the caller's `audit`, or appended at once),
 * else in the node's next group-committed transaction.
 */
export async function inTransaction<T>(
  deps: ProtocolDeps,
  options: {
    trx: Trx | undefined;
    audit?: AuditEntryInput[] | undefined;
    step: GroupedStep<T>;
    locks?: ProcessKey;
  },
): Promise<T> {
  if (options.trx === undefined) return groupedStep(deps, options.step, options.locks);
  if (options.audit !== undefined) return options.step(options.trx, options.audit);
  const audit: AuditEntryInput[] = [];
  const value = await options.step(options.trx, audit);
  if (audit.length > 0) await deps.audit(options.trx, audit);
  return value;
}

/** The process `pid` under a row lock, for one step (locked ahead by its group, or now). */
export async function lockProcess<K extends keyof Rows>(
  trx: Trx,
  options: { table: K; pid: string },
): Promise<Selectable<Rows[K]> | undefined> {
  const ahead = takeLocked(trx, options.table, options.pid);
  if (ahead !== undefined) return ahead as Selectable<Rows[K]>;
  await flushFor(trx, options.pid);
  return (trx as unknown as Transaction<Rows>)
    .selectFrom(options.table as 'dsp_negotiation')
    .selectAll()
    .where('pid', '=', options.pid)
    .forUpdate()
    .executeTakeFirst() as Promise<Selectable<Rows[K]> | undefined>;
}

/**
 * The process that an opening message from `counterparty` already opened on this side (`role`), named by the id
 * the counterparty chose for it (`column`), under a row lock.
 */
export async function findOpened<K extends keyof Rows>(
  trx: Trx,
  options: {
    table: K;
    role: 'provider' | 'consumer';
    counterparty: string;
    column: 'consumer_pid' | 'provider_pid';
    pid: string;
  },
): Promise<Selectable<Rows[K]> | undefined> {
  await flushWrites(trx);
  return (trx as unknown as Transaction<Rows>)
    .selectFrom(options.table as 'dsp_negotiation')
    .selectAll()
    .where('role', '=', options.role)
    .where('counterparty', '=', options.counterparty)
    .where(options.column, '=', options.pid)
    .forUpdate()
    .executeTakeFirst() as Promise<Selectable<Rows[K]> | undefined>;
}

/** The process `pid` as `participant` may see it (undefined participant: the local node), without a lock. */
export async function readProcess<K extends keyof Rows>(
  deps: ProtocolDeps,
  options: { table: K; pid: string; participant?: string | undefined },
): Promise<Selectable<Rows[K]> | undefined> {
  const row = (await (deps.store.db as unknown as Transaction<Rows>)
    .selectFrom(options.table as 'dsp_negotiation')
    .selectAll()
    .where('pid', '=', options.pid)
    .executeTakeFirst()) as Selectable<Rows[K]> | undefined;
  if (row === undefined) return undefined;
  const { counterparty } = row as { counterparty: string };
  if (options.participant !== undefined && counterparty !== options.participant) return undefined;
  return row;
}

/** Up to `limit` processes that owe a decision, oldest first, locked so that other workers skip them. */
export function claimOwed<K extends keyof Rows>(
  trx: Trx,
  options: { table: K; limit: number },
): Promise<Selectable<Rows[K]>[]> {
  return (trx as unknown as Transaction<Rows>)
    .selectFrom(options.table as 'dsp_negotiation')
    .selectAll()
    .where('pending_question', 'is not', null)
    .orderBy('updated_at')
    .limit(options.limit)
    .forUpdate()
    .skipLocked()
    .execute() as Promise<Selectable<Rows[K]>[]>;
}
