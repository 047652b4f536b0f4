import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreUnavailableError } from '../../errors.ts';

const LOCK_FILE = 'foedera-store.lock';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when `path` names a lock file (or nothing) whose process is gone: what a crash leaves behind. */
export async function isStaleLock(path: string): Promise<boolean> {
  const holder = Number((await readFile(path, 'utf8').catch(() => '')).trim());
  return !(Number.isSafeInteger(holder) && holder > 0 && isRunning(holder));
}

/**
 * Takes the lock file `path` for this process (content: its pid); a lock left by a process that is gone (a crash,
 * a SIGKILL) is taken over. `what` names the locked thing in errors. Returns the function that releases it.
 */
export async function lockFile(path: string, what: string): Promise<() => Promise<void>> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return () => unlink(path).catch(() => {});
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    if (Number.isSafeInteger(holder) && holder > 0 && isRunning(holder)) {
      const who = holder === process.pid ? 'this process' : `process ${holder}`;
      throw new StoreUnavailableError(`Cannot open ${what}: ${who} has it open`);
    }
    await unlink(path).catch(() => {});
  }
  throw new StoreUnavailableError(`Cannot lock ${what}: another process races for it`);
}

/**
 * Claims a PGlite data directory for this process. PGlite runs PostgreSQL without its postmaster, so nothing else
 * stops two processes from opening one directory and corrupting it.
 */
export function lockDataDir(dir: string): Promise<() => Promise<void>> {
  return lockFile(join(dir, LOCK_FILE), `the embedded metadata store in "${dir}"`);
}

export { LOCK_FILE };
