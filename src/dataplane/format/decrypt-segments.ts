/**
 * Decrypts a verified manifest's segments in order. Each segment is hashed and deciphered as its pieces are read, the
 * 16-byte tag held back, its plaintext gathered in one buffer reused from segment to segment; that plaintext reaches
 * the sink only once the segment's SHA-256 matched the signed list and its GCM tag checked out. So one segment's
 * plaintext is held and its ciphertext never is, and nothing fresh outlives a piece: held until a segment was
 * verified and sent, fresh ciphertext and plaintext buffers outlived the young generation and waited for full
 * garbage collections (tens of MB while a large object was opened).
 * A segment from another position, another object or a truncated stream fails there, because the index, the object
 * id and the final-segment flag are bound into the nonce and the associated data.
 */
import { createHash } from 'node:crypto';
import { err, ok, type Result } from '../../shared/result.ts';
import { collectSegmentGarbage } from '../_internal/segment-garbage.ts';
import type { Manifest, SegmentEntry } from './manifest.ts';
import { verifyPolicyBinding } from './policy-binding.ts';
import { createSegmentDecipher, SEGMENT_SIZE_MAX, segmentKeys, TAG_LENGTH } from './segment-crypto.ts';
import { plaintextLengthOf } from './verify-manifest.ts';

/** A segment's ciphertext as pieces; a piece may be a reused buffer, valid only until the next one is asked for. */
export type SegmentReader = (
  segment: SegmentEntry & { readonly index: number },
) => Promise<AsyncIterable<Uint8Array> | undefined>;

/**
 * Where verified plaintext goes. `chunk` is a view of a buffer reused once the returned promise resolves: a sink that
 * keeps bytes beyond that copies them (a stream that queues them must resolve only when they were taken).
 */
export type PlaintextSink = (chunk: Buffer) => Promise<void>;

/** Plaintext handed to the sink per call. */
const SINK_CHUNK = 256 * 1024;

export type DecryptRefusal =
  | 'policy-binding-invalid'
  | 'segment-missing'
  | 'segment-size-mismatch'
  | 'segment-hash-mismatch'
  | 'segment-authentication-failed';

export async function decryptSegments(options: {
  manifest: Manifest;
  dataKey: Uint8Array;
  read: SegmentReader;
  sink: PlaintextSink;
}): Promise<Result<{ plaintextSize: number }, DecryptRefusal>> {
  const body = options.manifest.body;
  const id = body.objectId;
  const bound = verifyPolicyBinding(options.dataKey, body);
  if (!bound.ok) return bound;
  const keys = segmentKeys({
    dataKey: options.dataKey,
    objectId: id,
    noncePrefix: Buffer.from(body.encryption.noncePrefix, 'base64url'),
  });
  const segments = body.integrity.segments;
  let plaintext: Buffer | undefined;
  let written = 0;
  for (const [index, entry] of segments.entries()) {
    const source = await options.read({ ...entry, index });
    if (source === undefined)
      return err('segment-missing', `Cannot open object "${id}": segment ${index} is missing`);
    const hash = createHash('sha256');
    const bodyLength = entry.size - TAG_LENGTH;
    const tag = Buffer.alloc(TAG_LENGTH);
    const length = plaintextLengthOf(body, index);
    if (length !== entry.size - TAG_LENGTH || length > SEGMENT_SIZE_MAX) {
      return err(
        'segment-size-mismatch',
        `Cannot open object "${id}": segment ${index} is declared with the wrong size`,
      );
    }
    const decipher = createSegmentDecipher(keys, { index, last: index === segments.length - 1 });
    // The first segment is the longest (only the last may be shorter).
    if (plaintext === undefined || plaintext.length < length) plaintext = Buffer.allocUnsafeSlow(length);
    const into = plaintext;
    let filled = 0;
    const keep = (out: Buffer): boolean => {
      if (filled + out.length > length) return false;
      out.copy(into, filled);
      filled += out.length;
      return true;
    };
    let size = 0;
    for await (const piece of source) {
      if (size + piece.length > entry.size) {
        return err(
          'segment-size-mismatch',
          `Cannot open object "${id}": segment ${index} is longer than declared`,
        );
      }
      hash.update(piece);
      // The last 16 bytes are the tag: kept aside, never fed to the cipher.
      const ciphertext = Math.max(0, Math.min(piece.length, bodyLength - size));
      if (ciphertext > 0 && !keep(decipher.update(piece.subarray(0, ciphertext)))) {
        return err(
          'segment-size-mismatch',
          `Cannot open object "${id}": segment ${index} decrypts to the wrong size`,
        );
      }
      if (ciphertext < piece.length) tag.set(piece.subarray(ciphertext), size + ciphertext - bodyLength);
      size += piece.length;
    }
    if (size !== entry.size) {
      return err(
        'segment-size-mismatch',
        `Cannot open object "${id}": segment ${index} is shorter than declared`,
      );
    }
    if (hash.digest('hex') !== entry.hash) {
      return err(
        'segment-hash-mismatch',
        `Cannot open object "${id}": segment ${index} does not match its hash`,
      );
    }
    try {
      decipher.setAuthTag(tag);
      if (!keep(decipher.final())) throw new RangeError('longer than declared');
    } catch {
      return err(
        'segment-authentication-failed',
        `Cannot open object "${id}": segment ${index} fails authentication (wrong key, position or object)`,
      );
    }
    if (filled !== length) {
      return err(
        'segment-size-mismatch',
        `Cannot open object "${id}": segment ${index} decrypts to the wrong size`,
      );
    }
    for (let offset = 0; offset < length; offset += SINK_CHUNK)
      await options.sink(into.subarray(offset, Math.min(length, offset + SINK_CHUNK)));
    // The cipher's outputs, copied at once, died young: freed now rather than at V8's next full collection.
    collectSegmentGarbage();
    written += length;
  }
  return ok({ plaintextSize: written });
}
