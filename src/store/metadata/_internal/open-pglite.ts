import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { StoreUnavailableError } from '../../errors.ts';
import type { Database } from '../database.ts';
import type { MetadataStore } from '../port.ts';
import { lockDataDir } from './dir-lock.ts';
import { loadMemoryTemplate, saveMemoryTemplate } from './memory-template.ts';
import { kyselyStore } from './kysely-store.ts';
import { PglitePool } from './pglite-pool.ts';

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

async function prepareDataDir(dataDir: string): Promise<string> {
  const path = resolve(dataDir);
  try {
    await mkdir(path, { recursive: true });
    await access(path, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch (error) {
    throw new StoreUnavailableError(
      `Cannot use "${path}" as the metadata store's data directory: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return path;
}

export async function openPgliteStore(dataDir: string): Promise<MetadataStore> {
  const path = dataDir === IN_MEMORY ? IN_MEMORY : await prepareDataDir(dataDir);
  const unlock = path === IN_MEMORY ? async () => {} : await lockDataDir(path);
  let pglite: PGlite;
  try {
    // relaxedDurability off: every statement's writes reach the filesystem before its promise resolves.
    const template = path === IN_MEMORY ? await loadMemoryTemplate() : undefined;
    pglite = await PGlite.create({
      dataDir: path,
      parsers,
      relaxedDurability: false,
      ...(template === undefined ? {} : { loadDataDir: template }),
    });
    if (path === IN_MEMORY && template === undefined) await saveMemoryTemplate(pglite);
  } catch (error) {
    await unlock();
    throw new StoreUnavailableError(
      `Cannot open the embedded metadata store in "${path}": ${(error as Error).message}`,
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
