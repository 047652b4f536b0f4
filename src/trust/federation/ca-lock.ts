/** One writer at a time for a file-based record (the CA's register, a user directory): an exclusive lock file. */
import { open, rm } from 'node:fs/promises';
import { FoederaError } from '../../shared/errors.ts';

export async function withFileLock<T>(lockFile: string, fn: () => Promise<T>): Promise<T> {
  try {
    const handle = await open(lockFile, 'wx', 0o600);
    await handle.writeFile(String(process.pid));
    await handle.close();
  } catch (cause) {
    throw new FoederaError(
      'locked',
      `Cannot lock "${lockFile}": it exists (another operation is running, or remove a stale lock)`,
      { cause },
    );
  }
  try {
    return await fn();
  } finally {
    await rm(lockFile, { force: true });
  }
}

export const withCaLock = withFileLock;
