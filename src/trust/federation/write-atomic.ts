/** Writes a file so that readers see the old or the new content, never a part: temp file, fsync, rename. */
import { open, rename } from 'node:fs/promises';

export async function writeFileAtomic(file: string, content: string, mode: number): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  const handle = await open(temp, 'w', mode);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
}
