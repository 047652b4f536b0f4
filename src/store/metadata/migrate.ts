import { Migrator, type Kysely, type MigrationProvider } from 'kysely';
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
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error === undefined) return;
  const failed = results?.find((result) => result.status === 'Error')?.migrationName;
  const cause = error instanceof Error ? error.message : String(error);
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
