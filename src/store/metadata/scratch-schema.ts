/**
 * For tests against a PostgreSQL server: a fresh schema per run, so that parallel test files and repeated runs on one
 * database never see each other's tables. The URL it returns selects the schema through `search_path`.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { parseDatabaseUrl } from './_internal/open-postgres.ts';

export type ScratchSchema = { name: string; databaseUrl: string; drop: () => Promise<void> };

export async function createScratchSchema(databaseUrl: string, label = 'test'): Promise<ScratchSchema> {
  const url = parseDatabaseUrl(databaseUrl);
  const name = `foedera_${label.replace(/[^a-z0-9_]/g, '_')}_${randomBytes(6).toString('hex')}`;
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: url.href });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await run(`create schema "${name}"`);
  const scoped = new URL(url.href);
  scoped.searchParams.set('options', `-c search_path=${name}`);
  return { name, databaseUrl: scoped.href, drop: () => run(`drop schema if exists "${name}" cascade`) };
}
