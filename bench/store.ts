/**
 * Metadata-store insert throughput, PGlite and PostgreSQL side by side on the same rows: one row per statement,
 * each committed on its own, one after the other (the shape of a state change). PostgreSQL only when DATABASE_URL
 * is set, in a scratch schema dropped afterwards.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { jsonb } from '../src/store/metadata/jsonb.ts';
import { openMetadataStore } from '../src/store/metadata/open.ts';
import type { MetadataStore } from '../src/store/metadata/port.ts';
import { createScratchSchema } from '../src/store/metadata/scratch-schema.ts';
import { figure, skipped } from './report.ts';

type BenchTables = { bench_insert: { id: string; kind: string; body: unknown; created_at: Date } };

function rowAt(i: number) {
  return {
    id: `urn:foedera:bench:${i.toString().padStart(8, '0')}`,
    kind: i % 3 === 0 ? 'negotiation' : 'transfer',
    body: {
      sequence: i,
      state: 'REQUESTED',
      counterparty: 'urn:foedera:participant:DEU',
      labels: ['NS', 'EU-R'],
    },
    created_at: new Date(Date.UTC(2026, 10, 26, 0, 0, i % 60)),
  };
}

async function insertRows(store: MetadataStore, count: number): Promise<number> {
  await sql`create table bench_insert (id text primary key, kind text not null, body jsonb not null, created_at timestamptz not null)`.execute(
    store.db,
  );
  const db = store.db.withTables<BenchTables>() as unknown as Kysely<BenchTables>;
  const insert = (i: number) => {
    const row = rowAt(i);
    return db
      .insertInto('bench_insert')
      .values({ ...row, body: jsonb(row.body) })
      .execute();
  };
  for (let i = 0; i < Math.min(200, count); i++) await insert(count + i); // warm-up, other keys
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await insert(i);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return count / seconds;
}

export async function run(options: { scale: number }): Promise<void> {
  const rows = Math.round(2000 * options.scale);
  const dir = await mkdtemp(join(tmpdir(), 'foedera-bench-store-'));
  let pglite: number;
  try {
    const store = await openMetadataStore({ dataDir: join(dir, 'pglite') });
    try {
      pglite = await insertRows(store, rows);
    } finally {
      await store.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  figure('store-insert-pglite', pglite, 'rows/s');

  const databaseUrl = process.env['DATABASE_URL'];
  if (databaseUrl === undefined || databaseUrl === '') {
    skipped('store-insert-postgres', 'DATABASE_URL is not set');
    return;
  }
  const scratch = await createScratchSchema(databaseUrl, 'bench');
  try {
    const store = await openMetadataStore({ databaseUrl: scratch.databaseUrl });
    try {
      const postgres = await insertRows(store, rows);
      figure('store-insert-postgres', postgres, 'rows/s');
      figure('store-insert-pglite-vs-postgres', pglite / postgres, 'ratio');
    } finally {
      await store.close();
    }
  } finally {
    await scratch.drop();
  }
}
