import { constants } from 'node:fs';
import { access, mkdir, readdir, rename, rm, rmdir, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { StoreUnavailableError } from '../../errors.ts';
import { fsyncDir } from '../../blob/_internal/fsync-dir.ts';
import { isStaleLock, LOCK_FILE, lockFile } from './dir-lock.ts';

/** Written into a data directory once its cluster is complete; PostgreSQL ignores files it does not know. */
export const COMPLETE_MARK = 'foedera-store.json';

export type ClusterState = 'complete' | 'unmarked';

const exists = (path: string): Promise<boolean> =>
  access(path, constants.F_OK).then(
    () => true,
    () => false,
  );

export function markComplete(dir: string): Promise<void> {
  return writeFile(join(dir, COMPLETE_MARK), `${JSON.stringify({ created: new Date().toISOString() })}\n`, {
    mode: 0o600,
  });
}

/**
 * Makes sure `dir` holds a complete PostgreSQL cluster, creating it with `create` if there is none. PGlite resumes any
 * directory holding PG_VERSION, and initdb writes that file early: a process killed during its first start used to
 * leave a directory that failed on every later start. So a new cluster is made in a sibling temporary directory,
 * marked complete, and renamed into place: `dir` either holds no cluster or a complete one, whenever the process
 * dies. Returns `unmarked` for a cluster made before the mark existed, which the caller marks once it opens.
 */
export async function ensureCluster(options: {
  dir: string;
  create: (dir: string) => Promise<void>;
}): Promise<ClusterState> {
  const { dir } = options;
  const parent = dirname(dir);
  const base = basename(dir);
  try {
    await mkdir(parent, { recursive: true });
    await access(parent, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch (error) {
    throw new StoreUnavailableError(
      `Cannot use "${dir}" as the metadata store's data directory: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const initLock = join(parent, `.${base}.init.lock`);
  if (await exists(join(dir, COMPLETE_MARK))) {
    // A first start killed while it held the lock, then completed by a later start, left the lock behind.
    if ((await exists(initLock)) && (await isStaleLock(initLock))) await unlink(initLock).catch(() => {});
    return 'complete';
  }
  const unlock = await lockFile(initLock, `the first start of the embedded metadata store in "${dir}"`);
  try {
    if (await exists(join(dir, COMPLETE_MARK))) return 'complete';
    if (await exists(join(dir, 'PG_VERSION'))) return 'unmarked';
    // Under the lock nobody else is creating: any temporary directory is what a killed first start left.
    const temporaryPrefix = `.${base}.init-`;
    for (const name of await readdir(parent)) {
      if (name.startsWith(temporaryPrefix)) await rm(join(parent, name), { recursive: true, force: true });
    }
    await removeEmptyDir(dir);
    const temporary = join(parent, `${temporaryPrefix}${process.pid}`);
    await mkdir(temporary, { mode: 0o700 });
    await options.create(temporary);
    await markComplete(temporary);
    await fsyncDir(temporary);
    await rename(temporary, dir);
    await fsyncDir(parent);
    return 'complete';
  } finally {
    await unlock();
  }
}

/** Removes `dir` if it holds nothing but a stale lock; refuses a directory with other content. */
async function removeEmptyDir(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const others = names.filter((name) => name !== LOCK_FILE);
  if (others.length > 0) {
    throw new StoreUnavailableError(
      `Cannot create the embedded metadata store in "${dir}": the directory holds "${others[0]}" but no database`,
    );
  }
  if (names.includes(LOCK_FILE)) {
    if (!(await isStaleLock(join(dir, LOCK_FILE)))) {
      throw new StoreUnavailableError(
        `Cannot create the embedded metadata store in "${dir}": another process has it open`,
      );
    }
    await unlink(join(dir, LOCK_FILE));
  }
  await rmdir(dir);
}
