import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { InvalidInputError } from '../../../shared/errors.ts';
import { StoreUnavailableError } from '../../errors.ts';
import type { Database } from '../database.ts';
import type { MetadataStore } from '../port.ts';
import { kyselyStore } from './kysely-store.ts';
import { nameStatements } from './named-statements.ts';

const DATE_OID = 1082;

/** Distinct statement texts prepared per connection (see named-statements.ts). */
const NAMED_STATEMENTS = 500;

/** `date` stays a `YYYY-MM-DD` string, as on PGlite; node-postgres would make a local-midnight `Date` of it. */
function getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  if (oid === DATE_OID) return (value) => value;
  return format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid, 'text');
}

/** The URL as it may appear in messages and logs: without its password. */
export function redactUrl(url: URL): string {
  const copy = new URL(url.href);
  if (copy.password !== '') copy.password = '***';
  return `"${copy.href}"`;
}

export function parseDatabaseUrl(databaseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new InvalidInputError(
      'databaseUrl',
      // Whatever sits between "//" and "@" may be a password: it never reaches a message.
      `Cannot use the database URL "${databaseUrl.replace(/\/\/[^/]*@/, '//***@')}": it is not a URL (expected postgres://…)`,
    );
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new InvalidInputError(
      'databaseUrl',
      `Cannot use the database URL ${redactUrl(url)}: expected the postgres: or postgresql: scheme`,
    );
  }
  return url;
}

export async function openPostgresStore(databaseUrl: string): Promise<MetadataStore> {
  const url = parseDatabaseUrl(databaseUrl);
  const where = redactUrl(url);
  const pool = new pg.Pool({
    connectionString: url.href,
    types: { getTypeParser } as pg.CustomTypesConfig,
    connectionTimeoutMillis: 10_000,
    max: 10,
  });
  // An idle connection that breaks is dropped by the pool and replaced on next use; without a listener the
  // 'error' event would end the process.
  pool.on('error', () => {});
  pool.on('connect', (client) => nameStatements(client, { limit: NAMED_STATEMENTS }));
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    throw new StoreUnavailableError(
      `Cannot connect to the metadata database at ${where}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return kyselyStore({
    kind: 'postgres',
    db,
    where,
    transaction: (fn) => db.transaction().execute(fn),
  });
}
