/**
 * The store's own key-value table, for small facts about the store itself (such as which node created it). It also
 * shows how a module adds its table to `Database`: by module augmentation, next to the code that uses it.
 */
import type { ColumnType, Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Database } from './database.ts';
import { jsonb } from './jsonb.ts';

export type StoreMetaTable = {
  key: string;
  value: unknown;
  updated_at: ColumnType<Date, Date | undefined, Date>;
};

declare module './database.ts' {
  interface Database {
    store_meta: StoreMetaTable;
  }
}

type Db = Kysely<Database> | Transaction<Database>;

export async function readStoreMeta(db: Db, key: string): Promise<unknown> {
  const row = await db.selectFrom('store_meta').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

export async function writeStoreMeta(db: Db, entry: { key: string; value: unknown }): Promise<void> {
  await db
    .insertInto('store_meta')
    .values({ key: entry.key, value: jsonb(entry.value) })
    .onConflict((conflict) =>
      conflict.column('key').doUpdateSet({ value: jsonb(entry.value), updated_at: sql<Date>`now()` }),
    )
    .execute();
}
