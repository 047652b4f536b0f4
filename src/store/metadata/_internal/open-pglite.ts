import { resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { StoreUnavailableError } from '../../errors.ts';
import type { Database } from '../database.ts';
import type { MetadataStore } from '../port.ts';
import { clusterTemplatePath, copyClusterTemplate, saveClusterTemplate } from './cluster-template.ts';
import { ensureCluster, markComplete } from './create-cluster.ts';
import { lockDataDir } from './dir-lock.ts';
import { loadMemoryTemplate, saveMemoryTemplate } from './memory-template.ts';
import { kyselyStore } from './kysely-store.ts';
import { PglitePool } from './pglite-pool.ts';
import { readPgliteBundle, releasePgliteBundle } from './release-pglite-bundle.ts';

const INT8_OID = 20;
const DATE_OID = 1082;
const BYTEA_OID = 17;

/** Values read the same as through node-postgres on a server (see the port for the conventions). */
const parsers = {
  [INT8_OID]: (value: string) => value,
  [DATE_OID]: (value: string) => value,
  [BYTEA_OID]: (value: string) => Buffer.from(value.slice(2), 'hex'),
};

export const IN_MEMORY = 'memory://';

/**
 * PostgreSQL's memory settings for a node's small metadata store. PGlite keeps the defaults of a server
 * (shared_buffers 128 MB, maintenance_work_mem 64 MB), and WebAssembly memory, once touched, never shrinks: those
 * defaults alone made an idle node 140 MB larger. Shared memory is all touched at start (Emscripten zeroes it), so
 * each MB of it is a MB resident: 2 MB of buffers (the operating system's page cache still holds the files; reads
 * and inserts cost the same CPU time as with 16 MB, within noise, on a 5 MB table), and the slots of a single-user
 * backend, which has no other connections, background workers or WAL senders to make room for (more lock slots per
 * transaction instead, so that a migration never runs short). 24 → 6 MB of shared memory.
 */
const MEMORY_SETTINGS = [
  'shared_buffers=2MB',
  'wal_buffers=64kB',
  'max_connections=2',
  'superuser_reserved_connections=0',
  'reserved_connections=0',
  'max_worker_processes=0',
  'autovacuum_max_workers=1',
  'max_wal_senders=0',
  'max_replication_slots=0',
  'max_locks_per_transaction=256',
  'work_mem=2MB',
  'maintenance_work_mem=8MB',
  'temp_buffers=1MB',
];

function pgliteOptions(dataDir: string): PGliteOptions {
  return {
    dataDir,
    parsers,
    // relaxedDurability off: every statement's writes reach the filesystem before its promise resolves.
    relaxedDurability: false,
    startParams: [...PGlite.defaultStartParams, ...MEMORY_SETTINGS.flatMap((setting) => ['-c', setting])],
  };
}

/**
 * Creates the cluster in a child process: initdb runs a second WebAssembly instance and grows both to several hundred
 * MB. In the node's own process that memory stays resident after initdb ends (a worker thread's, too: its malloc
 * arena and V8's pages outlive it), and a node measured 200 MB idle after its first start against 116 MB after a
 * restart. A process's memory goes with the process. The child reads its standard input, which the node holds
 * open, and exits when it ends: a node killed during its first start takes its initdb with it, so no orphan is left
 * writing into a directory that the next start clears.
 */
const CREATE_IN_CHILD = `
process.stdin.on('end', () => process.exit(70)).resume();
const [pglite, dir, startParams] = process.argv.slice(1);
const { PGlite } = await import(pglite);
const db = await PGlite.create({ dataDir: dir, startParams: [...PGlite.defaultStartParams, ...JSON.parse(startParams)] });
await db.query('select 1');
await db.close();
process.exit(0);
`;

async function createCluster(dir: string): Promise<void> {
  const template = clusterTemplatePath(MEMORY_SETTINGS);
  if (template !== undefined && (await copyClusterTemplate(template, dir))) return;
  await initdbInChild(dir);
  if (template !== undefined) await saveClusterTemplate(dir, template);
}

async function initdbInChild(dir: string): Promise<void> {
  const child = spawn(
    process.execPath,
    [
      '--input-type=module',
      '--eval',
      CREATE_IN_CHILD,
      import.meta.resolve('@electric-sql/pglite'),
      dir,
      JSON.stringify(MEMORY_SETTINGS.flatMap((setting) => ['-c', setting])),
    ],
    { stdio: ['pipe', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (exitCode) => resolve(exitCode));
    });
    if (code !== 0) throw new Error(`initdb process exited with code ${code}: ${lastLine(stderr)}`);
  } finally {
    child.stdin.destroy();
  }
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines.findLast((line) => /error/i.test(line)) ?? lines.at(-1) ?? '(no output)';
}

export async function openPgliteStore(dataDir: string): Promise<MetadataStore> {
  const path = dataDir === IN_MEMORY ? IN_MEMORY : resolve(dataDir);
  const cluster = path === IN_MEMORY ? 'complete' : await ensureCluster({ dir: path, create: createCluster });
  const unlock = path === IN_MEMORY ? async () => {} : await lockDataDir(path);
  let pglite: PGlite;
  try {
    const template = path === IN_MEMORY ? await loadMemoryTemplate() : undefined;
    // FOEDERA_KEEP_PGLITE_BUNDLE=1 leaves PGlite to read and keep its whole bundle (the benchmark's comparison).
    const releaseBundle = process.env['FOEDERA_KEEP_PGLITE_BUNDLE'] !== '1';
    pglite = await PGlite.create({
      ...pgliteOptions(path),
      // Read here so that its memory can be handed back once PGlite has started (see release-pglite-bundle.ts).
      ...(releaseBundle ? { fsBundle: (await readPgliteBundle()) as Blob } : {}),
      ...(template === undefined ? {} : { loadDataDir: template }),
    });
    if (path === IN_MEMORY && template === undefined) await saveMemoryTemplate(pglite);
    if (cluster === 'unmarked') {
      await pglite.query('select 1');
      await markComplete(path);
    }
    if (releaseBundle) releasePgliteBundle(pglite);
  } catch (error) {
    await unlock();
    const hint =
      cluster === 'unmarked'
        ? ' (it has no completion mark: a first start may have been interrupted; if it holds no data, remove the directory)'
        : '';
    throw new StoreUnavailableError(
      `Cannot open the embedded metadata store in "${path}": ${(error as Error).message}${hint}`,
      { cause: error },
    );
  }
  const pool = new PglitePool(pglite);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return kyselyStore({
    kind: 'pglite',
    db,
    where: `"${path}"`,
    transaction: (fn) =>
      pool.guard((enter) =>
        db.transaction().execute(async (trx) => {
          const leave = enter();
          try {
            return await fn(trx);
          } finally {
            leave();
          }
        }),
      ),
    closeMore: async () => {
      await pglite.close();
      await unlock();
    },
  });
}
