/**
 * Cuts a plaintext stream into segments and encrypts each with AES-256-GCM, feeding the cipher chunk by chunk.
 * Memory holds at most one segment of plaintext and its ciphertext: a segment is encrypted only once it is known
 * whether more data follows, because the final-segment flag is part of its nonce.
 */
import { createHash } from 'node:crypto';
import { createSegmentCipher, MAX_SEGMENTS, type SegmentKeys } from './segment-crypto.ts';
import type { SegmentEntry } from './manifest.ts';

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
 * not hash the same bytes a second time. Such a sink keeps each segment independently of the others, so the sealer
 * encrypts the next segments while earlier ones are still being made durable (at most `HASHING_SINK_IN_FLIGHT`).
 */
export type HashingSegmentSink = {
  readonly keep: (segment: Omit<CiphertextSegment, 'hash'>) => Promise<string>;
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
  const sinkHashes = typeof sink !== 'function';
  const entries: SegmentEntry[] = [];
  let count = 0;
  const keeping = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let plaintextSize = 0;

  const flush = async (last: boolean): Promise<void> => {
    const index = count++;
    if (index >= MAX_SEGMENTS)
      throw new RangeError(`Cannot encrypt object "${keys.objectId}": too many segments`);
    const cipher = createSegmentCipher(keys, { index, last });
    const hash = sinkHashes ? undefined : createHash('sha256');
    const chunks: Buffer[] = [];
    let size = 0;
    for (const whole of pending) {
      for (let offset = 0; offset < whole.length; offset += CIPHER_CALL) {
        const out = cipher.update(whole.subarray(offset, offset + CIPHER_CALL));
        if (out.length === 0) continue;
        hash?.update(out);
        chunks.push(out);
        size += out.length;
      }
    }
    const rest = cipher.final();
    if (rest.length > 0) {
      hash?.update(rest);
      chunks.push(rest);
      size += rest.length;
    }
    const tag = cipher.getAuthTag();
    hash?.update(tag);
    chunks.push(tag);
    size += tag.length;
    pending = [];
    pendingBytes = 0;
    if (typeof sink === 'function' && hash !== undefined) {
      const digest = hash.digest('hex');
      await sink({ index, hash: digest, size, chunks });
      entries[index] = { hash: digest, size };
      return;
    }
    const kept: Promise<void> = (sink as HashingSegmentSink)
      .keep({ index, size, chunks })
      .then(
        (digest) => {
          entries[index] = { hash: digest, size };
        },
        (error: unknown) => {
          failure ??= { error };
        },
      )
      .finally(() => keeping.delete(kept));
    keeping.add(kept);
    while (keeping.size >= HASHING_SINK_IN_FLIGHT) await Promise.race(keeping);
    if (failure !== undefined) throw failure.error;
  };

  for await (const chunk of options.source) {
    let rest = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    plaintextSize += rest.length;
    while (rest.length > 0) {
      if (pendingBytes === segmentSize) await flush(false);
      const take = Math.min(rest.length, segmentSize - pendingBytes);
      pending.push(rest.subarray(0, take));
      pendingBytes += take;
      rest = rest.subarray(take);
    }
  }
  // Always one final segment, even for empty plaintext: a receiver can then tell "empty" from "cut off".
  await flush(true);
  await Promise.all(keeping);
  if (failure !== undefined) throw failure.error;
  return { plaintextSize, segments: entries };
}
