import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { InvalidInputError } from '../../../shared/errors.ts';
import { BlobDigestMismatchError, BlobNotFoundError, StoreUnavailableError } from '../../errors.ts';
import { assertSha256Hex } from '../digest.ts';
import type { BlobStore, ByteRange } from '../port.ts';
import { resolveRange } from '../range.ts';
import { fsyncDir } from './fsync-dir.ts';
import { removeLeftovers, tempName } from './temp-files.ts';

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Blobs as files named by their SHA-256 under `<dir>/sha256/<first two hex digits>/`. A put streams into
 * `<dir>/tmp/`, fsyncs, renames into place and fsyncs the directory, so an object's name only ever points to
 * complete, durable bytes; a crash leaves at most a temporary file, removed on the next open.
 */
export async function openFsBlobStore(dir: string): Promise<BlobStore> {
  const root = resolve(dir);
  const objects = join(root, 'sha256');
  const temp = join(root, 'tmp');
  try {
    const created = await mkdir(objects, { recursive: true });
    await mkdir(temp, { recursive: true });
    if (created !== undefined) await fsyncDir(root);
    await access(root, constants.R_OK | constants.W_OK | constants.X_OK);
    await removeLeftovers(temp);
  } catch (error) {
    throw new StoreUnavailableError(
      `Cannot use "${root}" as the blob store directory: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const pathOf = (sha256: string) => {
    assertSha256Hex(sha256);
    return join(objects, sha256.slice(0, 2), sha256);
  };

  async function statOf(sha256: string): Promise<{ size: number } | undefined> {
    try {
      return { size: (await stat(pathOf(sha256))).size };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async function writeTemp(source: AsyncIterable<unknown>, path: string) {
    const hash = createHash('sha256');
    let size = 0;
    const handle = await open(path, 'wx', 0o600);
    try {
      for await (const chunk of source) {
        if (!(chunk instanceof Uint8Array)) {
          throw new InvalidInputError('source', 'Cannot store a blob from a stream of text: expected bytes');
        }
        hash.update(chunk);
        size += chunk.byteLength;
        for (let offset = 0; offset < chunk.byteLength;) {
          const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
          offset += bytesWritten;
        }
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    return { sha256: hash.digest('hex'), size };
  }

  return {
    kind: 'fs',
    async put(source, expected) {
      if (expected?.sha256 !== undefined) assertSha256Hex(expected.sha256, 'expected.sha256');
      const part = join(temp, tempName());
      try {
        const written = await writeTemp(source, part);
        if (expected?.sha256 !== undefined && expected.sha256 !== written.sha256) {
          throw new BlobDigestMismatchError({ expected: expected.sha256, actual: written.sha256 });
        }
        const fanOut = join(objects, written.sha256.slice(0, 2));
        const created = await mkdir(fanOut, { recursive: true });
        if (created !== undefined) await fsyncDir(objects);
        await rename(part, join(fanOut, written.sha256));
        await fsyncDir(fanOut);
        return written;
      } catch (error) {
        await unlink(part).catch(() => {});
        throw error;
      }
    },
    async get(sha256, range?: ByteRange) {
      const handle = await open(pathOf(sha256), 'r').catch((error: unknown) => {
        throw isMissing(error) ? new BlobNotFoundError(sha256) : error;
      });
      try {
        const { size } = await handle.stat();
        const bytes = resolveRange(range ?? { start: 0 }, size);
        if (bytes === undefined) {
          await handle.close();
          return Readable.from([]);
        }
        return handle.createReadStream({ start: bytes.start, end: bytes.end, autoClose: true });
      } catch (error) {
        await handle.close();
        throw error;
      }
    },
    has: async (sha256) => (await statOf(sha256)) !== undefined,
    stat: statOf,
    async delete(sha256) {
      await unlink(pathOf(sha256)).catch((error: unknown) => {
        if (!isMissing(error)) throw error;
      });
    },
    async close() {},
  };
}
