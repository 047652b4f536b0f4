import { AsyncLocalStorage } from 'node:async_hooks';
import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import { StoreMisuseError } from '../../errors.ts';
import { Mutex } from './mutex.ts';

type Scope = { holding: boolean };

/**
 * Presents one PGlite instance to Kysely's PostgresDialect as a pool of exactly one connection.
 *
 * PGlite is a single PostgreSQL backend: statements from two callers would land in the same session, so a Kysely
 * transaction could pick up another caller's statements. The mutex hands the connection to one caller at a time,
 * from `connect()` to `release()`; Kysely holds it for a whole transaction. The same property makes
 * `SELECT … FOR UPDATE SKIP LOCKED` trivially correct here: no two claimers ever run at once.
 */
export class PglitePool implements PostgresPool {
  readonly #pglite: PGlite;
  readonly #mutex = new Mutex();
  readonly #scope = new AsyncLocalStorage<Scope>();

  constructor(pglite: PGlite) {
    this.#pglite = pglite;
  }

  async connect(): Promise<PostgresPoolClient> {
    if (this.#scope.getStore()?.holding === true) {
      throw new StoreMisuseError(
        'Cannot run a query outside the current transaction on the embedded store: use the transaction handle, not db',
      );
    }
    const release = await this.#mutex.acquire();
    // Only the (sql, parameters) form of query() exists: Kysely uses the cursor form only when a cursor class is
    // configured, and streaming over the single connection would block every other caller.
    return new PgliteClient(this.#pglite, release) as unknown as PostgresPoolClient;
  }

  /**
   * Runs a transaction body so that an accidental query on the root `db` inside it fails fast instead of waiting
   * for the connection the transaction itself holds. `body(enter)` calls `enter()` once it holds the connection.
   */
  guard<T>(body: (enter: () => () => void) => Promise<T>): Promise<T> {
    const scope: Scope = { holding: false };
    return this.#scope.run(scope, () =>
      body(() => {
        scope.holding = true;
        return () => {
          scope.holding = false;
        };
      }),
    );
  }

  async end(): Promise<void> {
    // The store closes PGlite itself, after Kysely has let go of the connection.
  }
}

class PgliteClient {
  readonly #pglite: PGlite;
  readonly #release: () => void;

  constructor(pglite: PGlite, release: () => void) {
    this.#pglite = pglite;
    this.#release = release;
  }

  async query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
    const result = await this.#pglite.query<R>(sql, [...parameters]);
    return {
      command: (result.command ?? 'SELECT') as PostgresQueryResult<R>['command'],
      rowCount: result.rowCount ?? result.affectedRows ?? 0,
      rows: result.rows,
    };
  }

  release(): void {
    // A failed ROLLBACK can leave the session inside a transaction; the next holder must not inherit it.
    if (!this.#pglite.closed && this.#pglite.isInTransaction()) {
      this.#pglite.query('rollback').then(this.#release, this.#release);
    } else {
      this.#release();
    }
  }
}
