/**
 * Cuts a plaintext stream into segments and encrypts each with AES-256-GCM, feeding the cipher in slices.
 * A segment is encrypted only once it is known whether more data follows, because the final-segment flag is part of
 * its nonce, so its plaintext waits in a segment buffer; the buffers are reused from segment to segment, so that the
 * source's pieces are copied at once and die young (held until a segment was kept, they outlived the young
 * generation and waited, with the ciphertext, for full garbage collections: tens of MB after sealing a large object).
 */
import { createHash } from 'node:crypto';
import { collectSegmentGarbage } from '../_internal/segment-garbage.ts';
import type { SegmentEntry } from './manifest.ts';
import { createSegmentCipher, MAX_SEGMENTS, TAG_LENGTH, type SegmentKeys } from './segment-crypto.ts';

export type CiphertextSegment = {
  readonly index: number;
  readonly hash: string;
  readonly size: number;
  /** Ciphertext then the 16-byte tag; the sink may keep these buffers, they are not reused. */
  readonly chunks: readonly Buffer[];
};

/** Where encrypted segments go (a file, a socket, a test's map); resolves when the segment is safely kept. */
export type SegmentSink = (segment: CiphertextSegment) => Promise<void>;

/**
 * A sink that hashes what it keeps anyway (a content-addressed store) and answers the SHA-256: the sealer then does
 * not hash the same bytes a second time. It reads the ciphertext once, as `chunks` yields it (encrypted as it is
 * read, each piece fresh and not kept by the sealer), and keeps each segment independently of the others, so the
 * sealer goes on with the next segments while earlier ones are still being made durable (at most
 * `HASHING_SINK_IN_FLIGHT`).
 */
export type HashingSegmentSink = {
  readonly keep: (segment: {
    readonly index: number;
    readonly size: number;
    readonly chunks: Iterable<Buffer>;
  }) => Promise<string>;
};

export const HASHING_SINK_IN_FLIGHT = 3;
/**
 * Plaintext per cipher call: each call allocates its output, and outputs of several MiB (fresh pages every time)
 * made AES-GCM through Node run at a quarter of its speed in calls of a few hundred KiB.
 */
const CIPHER_CALL = 256 * 1024;

export type EncryptedSegments = {
  readonly plaintextSize: number;
  readonly segments: readonly SegmentEntry[];
};

export async function encryptSegments(options: {
  source: AsyncIterable<Uint8Array>;
  keys: SegmentKeys;
  segmentSize: number;
  sink: SegmentSink | HashingSegmentSink;
}): Promise<EncryptedSegments> {
  const { keys, segmentSize, sink } = options;
  const entries: SegmentEntry[] = [];
  let count = 0;
  const keeping = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  const spare: Buffer[] = [];
  let plaintext: Buffer = Buffer.allocUnsafeSlow(segmentSize);
  let pendingBytes = 0;
  let plaintextSize = 0;

  function* encrypted(
    cipher: ReturnType<typeof createSegmentCipher>,
    bytes: Buffer,
    hash?: ReturnType<typeof createHash>,
  ): Generator<Buffer> {
    for (let offset = 0; offset < bytes.length; offset += CIPHER_CALL) {
      const out = cipher.update(bytes.subarray(offset, offset + CIPHER_CALL));
      if (out.length === 0) continue;
      hash?.update(out);
      yield out;
    }
    const rest = cipher.final();
    if (rest.length > 0) {
      hash?.update(rest);
      yield rest;
    }
    const tag = cipher.getAuthTag();
    hash?.update(tag);
    yield tag;
  }

  const flush = async (last: boolean): Promise<void> => {
    // The source's pieces copied into this segment, and the ciphertext of those kept before it, died young.
    collectSegmentGarbage();
    const index = count++;
    if (index >= MAX_SEGMENTS)
      throw new RangeError(`Cannot encrypt object "${keys.objectId}": too many segments`);
    const cipher = createSegmentCipher(keys, { index, last });
    const bytes = plaintext.subarray(0, pendingBytes);
    const size = pendingBytes + TAG_LENGTH;
    pendingBytes = 0;
    if (typeof sink === 'function') {
      const hash = createHash('sha256');
      const chunks = [...encrypted(cipher, bytes, hash)];
      const digest = hash.digest('hex');
      await sink({ index, hash: digest, size, chunks });
      entries[index] = { hash: digest, size };
      return;
    }
    // The segment's plaintext stays in its buffer until the sink has read it all; the next one fills another.
    const held = plaintext;
    plaintext = spare.pop() ?? Buffer.allocUnsafeSlow(segmentSize);
    const kept: Promise<void> = sink
      .keep({ index, size, chunks: encrypted(cipher, bytes) })
      .then(
        (digest) => {
          entries[index] = { hash: digest, size };
        },
        (error: unknown) => {
          failure ??= { error };
        },
      )
      .finally(() => {
        spare.push(held);
        keeping.delete(kept);
      });
    keeping.add(kept);
    while (keeping.size >= HASHING_SINK_IN_FLIGHT) await Promise.race(keeping);
    if (failure !== undefined) throw failure.error;
  };

  for await (const chunk of options.source) {
    plaintextSize += chunk.byteLength;
    for (let offset = 0; offset < chunk.byteLength;) {
      if (pendingBytes === segmentSize) await flush(false);
      const take = Math.min(chunk.byteLength - offset, segmentSize - pendingBytes);
      plaintext.set(chunk.subarray(offset, offset + take), pendingBytes);
      pendingBytes += take;
      offset += take;
    }
  }
  // Always one final segment, even for empty plaintext: a receiver can then tell "empty" from "cut off".
  await flush(true);
  await Promise.all(keeping);
  if (failure !== undefined) throw failure.error;
  return { plaintextSize, segments: entries };
}
