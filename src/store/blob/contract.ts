/**
 * The blob store contract: one suite, run against every adapter (see test/integration/store/). Not a test file
 * itself, so that each adapter's file decides when it runs.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { InvalidInputError } from '../../shared/errors.ts';
import { BlobDigestMismatchError, BlobNotFoundError, BlobRangeError } from '../errors.ts';
import type { BlobStore } from './port.ts';

export type BlobStoreContractOptions = {
  name: string;
  create: () => Promise<BlobStore>;
  skip?: string;
};

const MiB = 1024 * 1024;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Yields `bytes` in chunks of an odd size, as a network would, without copying them. */
async function* chunked(bytes: Buffer, size = 65_537): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function runBlobStoreContract(options: BlobStoreContractOptions): void {
  describe(`BlobStore contract on ${options.name}`, { skip: options.skip ?? false }, () => {
    let store: BlobStore;
    const large = randomBytes(24 * MiB);
    const largeDigest = sha256(large);
    before(async () => {
      store = await options.create();
    });
    after(async () => {
      await store.close();
    });

    test('put() stores a 24 MiB object under its SHA-256 and get() returns the same bytes', async () => {
      const stored = await store.put(chunked(large));
      assert.deepEqual(stored, { sha256: largeDigest, size: large.length });
      assert.deepEqual(await store.stat(largeDigest), { size: large.length });
      assert.equal(await store.has(largeDigest), true);
      const back = await readAll(await store.get(largeDigest));
      assert.equal(back.length, large.length);
      assert.ok(back.equals(large), 'the bytes read back differ from the bytes written');
    });

    test('get() with a range returns exactly those bytes, also across part boundaries', async () => {
      const read = async (range: { start: number; end?: number }) =>
        readAll(await store.get(largeDigest, range));
      assert.ok((await read({ start: 0, end: 0 })).equals(large.subarray(0, 1)));
      assert.ok(
        (await read({ start: 8 * MiB - 7, end: 8 * MiB + 6 })).equals(
          large.subarray(8 * MiB - 7, 8 * MiB + 7),
        ),
      );
      assert.ok((await read({ start: 20 * MiB })).equals(large.subarray(20 * MiB)));
      assert.ok(
        (await read({ start: large.length - 3, end: large.length + 100 })).equals(large.subarray(-3)),
      );
      assert.equal((await read({ start: large.length })).length, 0);
      await assert.rejects(store.get(largeDigest, { start: large.length + 1 }), BlobRangeError);
      await assert.rejects(store.get(largeDigest, { start: 10, end: 5 }), BlobRangeError);
    });

    test('put() accepts a Readable, stores an empty object and is idempotent', async () => {
      const { Readable } = await import('node:stream');
      const small = Buffer.from('Übung «Nordlicht»\n');
      const first = await store.put(Readable.from([small.subarray(0, 5), small.subarray(5)]));
      const second = await store.put(chunked(small, 3), { sha256: sha256(small) });
      assert.deepEqual(first, { sha256: sha256(small), size: small.length });
      assert.deepEqual(second, first);
      assert.ok((await readAll(await store.get(first.sha256))).equals(small));
      const empty = await store.put(chunked(Buffer.alloc(0)));
      assert.deepEqual(empty, { sha256: sha256(new Uint8Array()), size: 0 });
      assert.equal((await readAll(await store.get(empty.sha256))).length, 0);
    });

    test('put() refuses bytes that do not match the expected digest and stores nothing', async () => {
      const bytes = randomBytes(3 * MiB);
      const claimed = sha256(randomBytes(16));
      await assert.rejects(
        store.put(chunked(bytes), { sha256: claimed }),
        (error: unknown) =>
          error instanceof BlobDigestMismatchError &&
          error.expected === claimed &&
          error.actual === sha256(bytes),
      );
      assert.equal(await store.has(claimed), false);
      assert.equal(await store.has(sha256(bytes)), false);
    });

    test('put() stores nothing when its source fails half-way', async () => {
      const bytes = randomBytes(2 * MiB);
      async function* failing() {
        yield* chunked(bytes.subarray(0, MiB));
        throw new Error('link lost');
      }
      await assert.rejects(store.put(failing()), /link lost/);
      assert.equal(await store.has(sha256(bytes)), false);
      assert.equal(await store.has(sha256(bytes.subarray(0, MiB))), false);
    });

    test('absent objects: get() throws BlobNotFoundError, stat() is undefined, delete() is a no-op', async () => {
      const absent = sha256(randomBytes(8));
      await assert.rejects(store.get(absent), BlobNotFoundError);
      await assert.rejects(store.get(absent, { start: 0 }), BlobNotFoundError);
      assert.equal(await store.stat(absent), undefined);
      assert.equal(await store.has(absent), false);
      await store.delete(absent);
    });

    test('delete() removes an object', async () => {
      const bytes = randomBytes(1000);
      const { sha256: name } = await store.put(chunked(bytes));
      await store.delete(name);
      assert.equal(await store.has(name), false);
      await assert.rejects(store.get(name), BlobNotFoundError);
    });

    test('a name that is not a SHA-256 hex digest is refused before any I/O', async () => {
      await assert.rejects(store.get('../../etc/passwd'), InvalidInputError);
      await assert.rejects(store.stat(largeDigest.toUpperCase()), InvalidInputError);
      await assert.rejects(store.put(chunked(Buffer.from('x')), { sha256: 'abc' }), InvalidInputError);
    });
  });
}
