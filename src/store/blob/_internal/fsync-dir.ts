import { open } from 'node:fs/promises';

/** Makes a directory's entries (a rename, a new file) durable: the file's own fsync does not cover its name. */
export async function fsyncDir(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
