/**
 * Opens an object into a file so that nothing unverified ever carries the final name: plaintext goes to a
 * sibling temporary file, which is renamed into place only after the last segment's tag checked out, and removed
 * on any refusal.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Result } from '../../shared/result.ts';
import { decryptSegments, type DecryptRefusal, type SegmentReader } from './decrypt-segments.ts';
import type { Manifest } from './manifest.ts';

export async function openToFile(options: {
  manifest: Manifest;
  dataKey: Uint8Array;
  read: SegmentReader;
  path: string;
  onProgress?: (bytes: number) => void;
}): Promise<Result<{ plaintextSize: number }, DecryptRefusal>> {
  const temporary = join(
    dirname(options.path),
    `.${basename(options.path)}.${randomBytes(6).toString('hex')}.partial`,
  );
  const handle = await open(temporary, 'wx', 0o600);
  let done = false;
  try {
    let bytes = 0;
    const result = await decryptSegments({
      manifest: options.manifest,
      dataKey: options.dataKey,
      read: options.read,
      sink: async (chunk) => {
        let offset = 0;
        while (offset < chunk.length) offset += (await handle.write(chunk, offset)).bytesWritten;
        bytes += chunk.length;
        options.onProgress?.(bytes);
      },
    });
    if (!result.ok) return result;
    await handle.sync();
    await handle.close();
    done = true;
    await rename(temporary, options.path);
    return result;
  } finally {
    if (!done) {
      await handle.close().catch(() => {});
      await rm(temporary, { force: true });
    }
  }
}
