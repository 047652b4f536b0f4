// Process rows a group-committed transaction locked ahead of its steps. A step locks its process before it runs the
// pure transition; when the group knows the processes its steps will lock, it locks them all in one statement, and
// each step then takes its row from here instead of paying a round trip of its own. A row is taken once and forgotten
// as soon as a step writes its process, so that a later step of the same group reads what the earlier one wrote.
// Likewise for the processes opening messages would open: the group looks them all up (and locks those that exist)
// in one statement, and a step that learns its process is not there yet leaves the insert for the group's flush.
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../store/metadata/database.ts';

type Trx = Transaction<Database>;

export type ProcessTable = 'dsp_negotiation' | 'dsp_transfer';

/** A process a grouped step is going to lock. */
export type ProcessKey = { readonly table: ProcessTable; readonly pid: string };

/** The process an opening message opened on this side, if any, named by the id the counterparty gave it. */
export type OpeningKey = {
  readonly table: ProcessTable;
  readonly role: 'provider' | 'consumer';
  readonly counterparty: string;
  readonly column: 'consumer_pid' | 'provider_pid';
  /** The counterparty's process id. */
  readonly theirs: string;
};

export type AheadKey = ProcessKey | OpeningKey;

const ABSENT = Symbol('absent');

const openingKeyOf = (key: OpeningKey) =>
  ['opening', key.table, key.role, key.column, key.counterparty, key.theirs].join('\u0000');

const locked = new WeakMap<Trx, Map<string, unknown>>();

const keyOf = (table: ProcessTable, pid: string) => `${table}\u0000${pid}`;

/**
 * Locks the processes `keys` name (in pid order, one statement per table) and looks up (locking those found) the
 * processes the opening keys would open, one statement per kind; keeps what it found for the steps.
 */
export async function lockAhead(trx: Trx, keys: readonly AheadKey[]): Promise<void> {
  const rows = new Map<string, unknown>();
  for (const table of ['dsp_negotiation', 'dsp_transfer'] as const) {
    const pids = [...new Set(keys.flatMap((k) => ('pid' in k && k.table === table ? [k.pid] : [])))];
    if (pids.length > 0) {
      const result = await sql<{ pid: string }>`select * from ${sql.table(table)}
        where pid = any(${pids}::text[]) order by pid for update`.execute(trx);
      for (const row of result.rows) rows.set(keyOf(table, row.pid), row);
    }
  }
  const openings = keys.filter((k): k is OpeningKey => 'theirs' in k);
  const kinds = new Map<string, OpeningKey[]>();
  for (const key of openings) {
    const kind = [key.table, key.role, key.column].join(' ');
    kinds.set(kind, [...(kinds.get(kind) ?? []), key]);
  }
  for (const same of kinds.values()) {
    const [{ table, role, column }] = same as [OpeningKey];
    for (const key of same) rows.set(openingKeyOf(key), ABSENT);
    const result = await sql<Record<string, string>>`select * from ${sql.table(table)}
      where role = ${role} and (counterparty, ${sql.ref(column)}) in
        (select * from unnest(${same.map((k) => k.counterparty)}::text[], ${same.map((k) => k.theirs)}::text[]))
      order by pid for update`.execute(trx);
    for (const row of result.rows) {
      const theirs = row[column];
      const counterparty = row['counterparty'];
      if (theirs === undefined || counterparty === undefined) continue;
      rows.set(openingKeyOf({ table, role, column, counterparty, theirs }), row);
    }
  }
  locked.set(trx, rows);
}

/**
 * What the group found for the opening `key`, once: the process already opened, `'absent'` when there is none, or
 * undefined when the group did not look (then the step looks itself).
 */
export function takeOpened(trx: Trx, key: OpeningKey): unknown {
  const rows = locked.get(trx);
  const found = rows?.get(openingKeyOf(key));
  if (found === undefined) return undefined;
  rows?.delete(openingKeyOf(key));
  return found === ABSENT ? 'absent' : found;
}

/** The row of `pid` locked ahead in `trx`, once; undefined when it was not (then the step locks it itself). */
export function takeLocked(trx: Trx, table: ProcessTable, pid: string): unknown {
  const rows = locked.get(trx);
  const key = keyOf(table, pid);
  const row = rows?.get(key);
  if (row !== undefined) rows?.delete(key);
  return row;
}

/** A step wrote `pid`: a row locked ahead for it no longer says what the process is. */
export function forgetLocked(trx: Trx, table: ProcessTable, pid: string): void {
  locked.get(trx)?.delete(keyOf(table, pid));
}
