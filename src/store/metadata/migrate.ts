import { Migrator, sql, type Kysely, type MigrationProvider } from 'kysely';
import { FoederaError } from '../../shared/errors.ts';
import type { Database } from './database.ts';
import { migrations } from './migrations/index.ts';

const provider: MigrationProvider = {
  getMigrations: () => Promise.resolve(Object.fromEntries(migrations)),
};

/**
 * Applies the pending migrations in one transaction each, under Kysely's migration lock (a PostgreSQL advisory
 * lock), so that several replicas starting together apply each migration once. Unordered migrations are allowed
 * because modules own number ranges: a new store migration 0002 may arrive after audit's 0200 was applied.
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  // Kysely looks for its bookkeeping tables in every schema unless told one: another schema's tables in the same
  // database (another node, another test run) would make it skip creating its own.
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const migrationTableSchema = rows[0]?.schema;
  if (migrationTableSchema === undefined || migrationTableSchema === null) {
    throw new FoederaError(
      'store-migration-failed',
      'Cannot migrate the metadata store: no schema on the search_path exists in the database',
    );
  }
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true, migrationTableSchema });
  const { error, results } = await migrator.migrateToLatest();
  if (error === undefined) return;
  const failed = results?.find((result) => result.status === 'Error')?.migrationName;
  const cause = error instanceof Error ? error.message : String(error);
  const unknown = /previously executed migration (\S+) is missing/.exec(cause)?.[1];
  if (unknown !== undefined) {
    throw new FoederaError(
      'store-newer-schema',
      `Cannot open the metadata store: a newer Foedera applied migration "${unknown}", which this version does not know`,
      { cause: error },
    );
  }
  throw new FoederaError(
    'store-migration-failed',
    failed === undefined
      ? `Cannot migrate the metadata store: ${cause}`
      : `Cannot apply migration "${failed}" to the metadata store: ${cause}`,
    { cause: error },
  );
}

export async function appliedMigrations(db: Kysely<Database>): Promise<string[]> {
  const rows = await db
    .withTables<{ kysely_migration: { name: string; timestamp: string } }>()
    .selectFrom('kysely_migration')
    .select('name')
    .orderBy('name')
    .execute();
  return rows.map((row) => row.name);
}
