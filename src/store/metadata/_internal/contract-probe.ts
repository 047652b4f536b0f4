/** Scratch tables and helpers of the metadata store contract (`../contract.ts`); they exist only in test runs. */
import type { Kysely } from 'kysely';
import type { Database } from '../database.ts';

export type ProbeTables = {
  contract_probe: { id: number; label: string; doc: unknown; bytes: Buffer | null };
  contract_counter: { id: number; value: number };
  contract_job: { id: number; claimed_by: string | null };
};

export const probeTables = [
  'create table if not exists contract_probe (id integer primary key, label text not null, doc jsonb, bytes bytea)',
  'create table if not exists contract_counter (id integer primary key, value integer not null)',
  'create table if not exists contract_job (id integer primary key, claimed_by text)',
];

/** One worker's claim: the first unclaimed job, locked and skipped by concurrent claimers, marked as its own. */
export async function claimOne(
  db: Kysely<Database & ProbeTables>,
  worker: string,
): Promise<number | undefined> {
  return db.transaction().execute(async (trx) => {
    const job = await trx
      .selectFrom('contract_job')
      .select('id')
      .where('claimed_by', 'is', null)
      .orderBy('id')
      .limit(1)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (job === undefined) return undefined;
    await trx.updateTable('contract_job').set({ claimed_by: worker }).where('id', '=', job.id).execute();
    return job.id;
  });
}
