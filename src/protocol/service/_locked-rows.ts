// Process rows a group-committed transaction locked ahead of its steps. A step locks its process before it runs the
// pure transition; when the group knows the processes its steps will lock, it locks them all in one statement, and
// each step then takes its row from here instead of paying a round trip of its own. A row is taken once and forgotten
// as soon as a step writes its process, so that a later step of the same group reads what the earlier one wrote.
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../store/metadata/database.ts';

type Trx = Transaction<Database>;

export type ProcessTable = 'dsp_negotiation' | 'dsp_transfer';

/** A process a grouped step is going to lock. */
export type ProcessKey = { readonly table: ProcessTable; readonly pid: string };

const locked = new WeakMap<Trx, Map<string, unknown>>();

const keyOf = (table: ProcessTable, pid: string) => `${table}\u0000${pid}`;

/** Locks the processes `keys` name (in pid order, as one statement per table) and keeps their rows for the steps. */
export async function lockAhead(trx: Trx, keys: readonly ProcessKey[]): Promise<void> {
  const rows = new Map<string, unknown>();
  for (const table of ['dsp_negotiation', 'dsp_transfer'] as const) {
    const pids = [...new Set(keys.filter((k) => k.table === table).map((k) => k.pid))];
    if (pids.length === 0) continue;
    const result = await sql<{ pid: string }>`select * from ${sql.table(table)}
      where pid = any(${pids}::text[]) order by pid for update`.execute(trx);
    for (const row of result.rows) rows.set(keyOf(table, row.pid), row);
  }
  locked.set(trx, rows);
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
