import { sql, type Kysely, type Transaction } from 'kysely';
import { StoreUnavailableError } from '../../errors.ts';
import type { Database } from '../database.ts';
import { appliedMigrations } from '../migrate.ts';
import type { MetadataStore } from '../port.ts';

/** What differs between the adapters; the rest of the store is the same Kysely code. */
export type StoreParts = {
  kind: MetadataStore['kind'];
  db: Kysely<Database>;
  /** Names the database in messages: a redacted URL or a directory. */
  where: string;
  transaction: <T>(fn: (trx: Transaction<Database>) => Promise<T>) => Promise<T>;
  /** Runs after Kysely has been destroyed. */
  closeMore?: () => Promise<void>;
};

export function kyselyStore(parts: StoreParts): MetadataStore {
  let closing: Promise<void> | undefined;
  return {
    kind: parts.kind,
    db: parts.db,
    transaction: parts.transaction,
    async ping() {
      try {
        await sql`select 1`.execute(parts.db);
      } catch (error) {
        throw new StoreUnavailableError(
          `Cannot reach the metadata store at ${parts.where}: ${(error as Error).message}`,
          { cause: error },
        );
      }
    },
    appliedMigrations: () => appliedMigrations(parts.db),
    close() {
      closing ??= (async () => {
        await parts.db.destroy();
        await parts.closeMore?.();
      })();
      return closing;
    },
  };
}
