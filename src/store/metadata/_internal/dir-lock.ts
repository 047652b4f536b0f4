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

/**
 * Claims a PGlite data directory for this process. PGlite runs PostgreSQL without its postmaster, so nothing else
 * stops two processes from opening one directory and corrupting it. A lock left by a process that is gone (a
 * crash, a SIGKILL) is taken over. Returns the function that gives the directory up.
 */
export async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  const path = join(dir, LOCK_FILE);
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
      throw new StoreUnavailableError(
        `Cannot open the embedded metadata store in "${dir}": ${who} has it open`,
      );
    }
    await unlink(path).catch(() => {});
  }
  throw new StoreUnavailableError(
    `Cannot lock the embedded metadata store in "${dir}": another process races for it`,
  );
}
