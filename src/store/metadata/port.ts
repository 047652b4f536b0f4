import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.ts';

/**
 * The metadata store port: a PostgreSQL database reached through Kysely, whichever adapter serves it.
 *
 * Value conventions, the same on both adapters: `int8`/`bigint` and `numeric` read as strings, `date` as a
 * `YYYY-MM-DD` string, `timestamptz` as `Date`, `jsonb` as parsed JSON (write it with `jsonb()` from `./jsonb.ts`),
 * `bytea` as `Buffer`.
 *
 * Inside `transaction(fn)` use only `trx`: on PGlite the transaction holds the one connection, so a query on `db`
 * there would wait for ever; the PGlite adapter refuses it at once with a `StoreMisuseError` instead.
 */
export interface MetadataStore {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Kysely<Database>;
  /** Runs `fn` in one transaction: commits when it resolves, rolls back when it throws (and rethrows). */
  transaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
  /** Resolves when the database answers a trivial query; rejects with `StoreUnavailableError` otherwise. */
  ping(): Promise<void>;
  /** Names of the migrations applied, in order (for readiness reports and diagnostics). */
  appliedMigrations(): Promise<string[]>;
  close(): Promise<void>;
}

export type OpenMetadataStoreOptions = {
  /** `postgres://…` selects the PostgreSQL adapter. */
  databaseUrl?: string;
  /** Directory of the embedded PGlite database (created if absent); used when `databaseUrl` is not given. */
  dataDir?: string;
};
