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

/**
 * Writes of a quarter MiB: the two buffers of each put in flight are what a transfer holds (8 segments in flight:
 * 4 MiB, not 16 with 1 MiB buffers), and the disk takes a quarter MiB as well as a whole one.
 */
const WRITE_SIZE = 256 * 1024;
/** Write buffers kept for later puts: two per put, for the segments a node moves at once. */
const SPARE_BUFFERS = 16;
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

  // Write buffers are reused from put to put: a fresh buffer per megabyte outlived the young generation while it was
  // written, and waited for a full garbage collection of the node's heap to be freed (tens of MB held, much CPU).
  const spare: Buffer[] = [];
  const takeBuffer = () => spare.pop() ?? Buffer.allocUnsafeSlow(WRITE_SIZE);
  const giveBack = (buffer: Buffer) => {
    if (spare.length < SPARE_BUFFERS) spare.push(buffer);
  };

  /**
   * Writes and hashes `source` in one pass; the handle stays open for the group commit to flush. The pieces (a TLS
   * socket yields 16 KiB records) are copied at once into one of two write buffers, so they die young; a full buffer
   * is written in the thread pool while the other fills and the next pieces are hashed.
   */
  async function writeTemp(source: AsyncIterable<unknown>, handle: FileHandle) {
    const hash = createHash('sha256');
    let size = 0;
    let filling = takeBuffer();
    let other = takeBuffer();
    let filled = 0;
    let writing: Promise<void> = Promise.resolve();
    try {
      for await (const chunk of source) {
        if (!(chunk instanceof Uint8Array)) {
          throw new InvalidInputError('source', 'Cannot store a blob from a stream of text: expected bytes');
        }
        hash.update(chunk);
        size += chunk.byteLength;
        for (let offset = 0; offset < chunk.byteLength;) {
          const take = Math.min(chunk.byteLength - offset, WRITE_SIZE - filled);
          filling.set(chunk.subarray(offset, offset + take), filled);
          filled += take;
          offset += take;
          if (filled === WRITE_SIZE) {
            // The other buffer is filled next: its write, started before this one, must be done.
            await writing;
            writing = writeAll(handle, filling, WRITE_SIZE);
            // Handled here so that a failure is not reported as unhandled before the next await reads it.
            writing.catch(() => {});
            [filling, other] = [other, filling];
            filled = 0;
          }
        }
      }
      await writing;
      if (filled > 0) await writeAll(handle, filling, filled);
    } finally {
      // Settled before the buffers are reused or the handle closed, also when the source failed.
      await writing.catch(() => {});
      giveBack(filling);
      giveBack(other);
    }
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
    async openReader(sha256) {
      const handle = await open(pathOf(sha256), 'r').catch((error: unknown) => {
        if (isMissing(error)) return undefined;
        throw error;
      });
      if (handle === undefined) return undefined;
      const { size } = await handle.stat().catch(async (error: unknown) => {
        await handle.close();
        throw error;
      });
      return {
        size,
        read: async (into, position) => (await handle.read(into, 0, into.length, position)).bytesRead,
        close: () => handle.close(),
      };
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

/** Writes the first `length` bytes of `buffer` at the file's current position, however the kernel splits it. */
async function writeAll(handle: FileHandle, buffer: Buffer, length: number): Promise<void> {
  for (let offset = 0; offset < length;)
    offset += (await handle.write(buffer, offset, length - offset)).bytesWritten;
}
