import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, open, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { InvalidInputError } from '../../../shared/errors.ts';
import { BlobDigestMismatchError, BlobNotFoundError, StoreUnavailableError } from '../../errors.ts';
import { assertSha256Hex } from '../digest.ts';
import type { BlobStore, ByteRange } from '../port.ts';
import { resolveRange } from '../range.ts';
import { fsyncDir } from './fsync-dir.ts';
import { groupCommitter } from './group-commit.ts';
import { removeLeftovers, tempName } from './temp-files.ts';

const WRITE_SIZE = 1024 * 1024;
/** Reads of a quarter MiB: a served segment reaches the socket in 16 buffers instead of 64, without holding more. */
const READ_SIZE = 256 * 1024;

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Blobs as files named by their SHA-256 under `<dir>/sha256/<first two hex digits>/`. A put streams into
 * `<dir>/tmp/` while hashing, then its data is flushed, it is renamed into place and the directory is fsynced, in
 * rounds shared by the puts that finish writing at the same time (group commit), so an object's name only ever
 * points to complete, durable bytes; a crash leaves at most a temporary file, removed on the next open.
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

  /**
   * Writes and hashes `source` in one pass; the handle stays open for the group commit to flush. Small pieces (a
   * TLS socket yields 16 KiB records) go to the file gathered, without copying, in writes of about WRITE_SIZE, and
   * one write runs in the thread pool while the next pieces arrive and are hashed.
   */
  async function writeTemp(source: AsyncIterable<unknown>, handle: FileHandle) {
    const hash = createHash('sha256');
    let size = 0;
    let batch: Uint8Array[] = [];
    let held = 0;
    let writing: Promise<void> = Promise.resolve();
    try {
      for await (const chunk of source) {
        if (!(chunk instanceof Uint8Array)) {
          throw new InvalidInputError('source', 'Cannot store a blob from a stream of text: expected bytes');
        }
        hash.update(chunk);
        size += chunk.byteLength;
        batch.push(chunk);
        held += chunk.byteLength;
        if (held >= WRITE_SIZE) {
          await writing;
          writing = writeAll(handle, batch, held);
          // Handled here so that a failure is not reported as unhandled before the next await reads it.
          writing.catch(() => {});
          batch = [];
          held = 0;
        }
      }
    } finally {
      // Settled before anyone closes the handle, also when the source failed.
      await writing.catch(() => {});
    }
    await writing;
    if (held > 0) await writeAll(handle, batch, held);
    return { sha256: hash.digest('hex'), size };
  }

  const commit = groupCommitter();

  return {
    kind: 'fs',
    async put(source, expected) {
      if (expected?.sha256 !== undefined) assertSha256Hex(expected.sha256, 'expected.sha256');
      const part = join(temp, tempName());
      const handle = await open(part, 'wx', 0o600);
      let committing = false;
      try {
        const written = await writeTemp(source, handle);
        if (expected?.sha256 !== undefined && expected.sha256 !== written.sha256) {
          throw new BlobDigestMismatchError({ expected: expected.sha256, actual: written.sha256 });
        }
        const fanOut = join(objects, written.sha256.slice(0, 2));
        const created = await mkdir(fanOut, { recursive: true });
        if (created !== undefined) await fsyncDir(objects);
        committing = true;
        await commit({ handle, part, final: join(fanOut, written.sha256) });
        return written;
      } catch (error) {
        if (!committing) await handle.close().catch(() => {});
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
        return handle.createReadStream({
          start: bytes.start,
          end: bytes.end,
          autoClose: true,
          highWaterMark: Math.min(READ_SIZE, bytes.end - bytes.start + 1),
        });
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

/** Writes every byte of `chunks` (`total` bytes) at the file's current position, however the kernel splits it. */
async function writeAll(handle: FileHandle, chunks: Uint8Array[], total: number): Promise<void> {
  let { bytesWritten } = await handle.writev(chunks);
  while (bytesWritten < total) {
    const rest = Buffer.concat(chunks, total).subarray(bytesWritten);
    bytesWritten += (await handle.write(rest)).bytesWritten;
  }
}
