/** One CA operation at a time: an exclusive lock file beside the CA key, removed when the operation ends. */
import { open, rm } from 'node:fs/promises';
import { FoederaError } from '../../shared/errors.ts';

export async function withCaLock<T>(lockFile: string, fn: () => Promise<T>): Promise<T> {
  try {
    const handle = await open(lockFile, 'wx', 0o600);
    await handle.writeFile(String(process.pid));
    await handle.close();
  } catch (cause) {
    throw new FoederaError(
      'ca-busy',
      `Cannot lock the federation CA: "${lockFile}" exists (another operation running, or remove a stale lock)`,
      { cause },
    );
  }
  try {
    return await fn();
  } finally {
    await rm(lockFile, { force: true });
  }
}
