import { InvalidInputError } from '../../shared/errors.ts';
import { IN_MEMORY, openPgliteStore } from './_internal/open-pglite.ts';
import { migrateToLatest } from './migrate.ts';
import type { MetadataStore, OpenMetadataStoreOptions } from './port.ts';

export type { MetadataStore, OpenMetadataStoreOptions } from './port.ts';

/**
 * Opens the metadata store and applies pending migrations: PostgreSQL when `databaseUrl` is given, otherwise the
 * embedded PGlite database in `dataDir` (`memory://` for a throw-away in-memory one, for tests).
 */
export async function openMetadataStore(options: OpenMetadataStoreOptions): Promise<MetadataStore> {
  let store: MetadataStore;
  if (options.databaseUrl !== undefined && options.databaseUrl !== '') {
    // The PostgreSQL driver is loaded only when a server is used; an embedded node never needs it.
    const { openPostgresStore } = await import('./_internal/open-postgres.ts');
    store = await openPostgresStore(options.databaseUrl);
  } else if (options.dataDir !== undefined && options.dataDir !== '') {
    store = await openPgliteStore(options.dataDir);
  } else {
    throw new InvalidInputError('dataDir', 'Cannot open the metadata store: give a databaseUrl or a dataDir');
  }
  try {
    await migrateToLatest(store.db);
  } catch (error) {
    await store.close().catch(() => {});
    throw error;
  }
  return store;
}

export { IN_MEMORY };
