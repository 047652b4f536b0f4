/**
 * Decrypts a verified manifest's segments in order. Each segment is read whole (at most one segment in memory),
 * its SHA-256 compared with the signed list, then decrypted and its GCM tag checked; only then does its plaintext
 * reach the sink. A segment from another position, another object or a truncated stream fails there, because the
 * index, the object id and the final-segment flag are bound into the nonce and the associated data.
 */
import { createHash } from 'node:crypto';
import { err, ok, type Result } from '../../shared/result.ts';
import type { Manifest, SegmentEntry } from './manifest.ts';
import { verifyPolicyBinding } from './policy-binding.ts';
import { createSegmentDecipher, segmentKeys, TAG_LENGTH } from './segment-crypto.ts';
import { plaintextLengthOf } from './verify-manifest.ts';

export type SegmentReader = (
  segment: SegmentEntry & { readonly index: number },
) => Promise<AsyncIterable<Uint8Array> | undefined>;

export type PlaintextSink = (chunk: Buffer) => Promise<void>;

export type DecryptRefusal =
  | 'policy-binding-invalid'
  | 'segment-missing'
  | 'segment-size-mismatch'
  | 'segment-hash-mismatch'
  | 'segment-authentication-failed';

function splitTag(chunks: Buffer[], size: number): { body: Buffer[]; tag: Buffer } {
  const bodyLength = size - TAG_LENGTH;
  const body: Buffer[] = [];
  const tagParts: Buffer[] = [];
  let offset = 0;
  for (const chunk of chunks) {
    const end = offset + chunk.length;
    if (end <= bodyLength) body.push(chunk);
    else if (offset >= bodyLength) tagParts.push(chunk);
    else {
      body.push(chunk.subarray(0, bodyLength - offset));
      tagParts.push(chunk.subarray(bodyLength - offset));
    }
    offset = end;
  }
  return { body, tag: Buffer.concat(tagParts) };
}

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
  let written = 0;
  for (const [index, entry] of segments.entries()) {
    const source = await options.read({ ...entry, index });
    if (source === undefined)
      return err('segment-missing', `Cannot open object "${id}": segment ${index} is missing`);
    const hash = createHash('sha256');
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const piece of source) {
      size += piece.length;
      if (size > entry.size) {
        return err(
          'segment-size-mismatch',
          `Cannot open object "${id}": segment ${index} is longer than declared`,
        );
      }
      const chunk = Buffer.isBuffer(piece) ? piece : Buffer.from(piece);
      hash.update(chunk);
      chunks.push(chunk);
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
    const { body: ciphertext, tag } = splitTag(chunks, size);
    const decipher = createSegmentDecipher(keys, { index, last: index === segments.length - 1 }, tag);
    const plaintext: Buffer[] = [];
    try {
      for (const chunk of ciphertext) plaintext.push(decipher.update(chunk));
      plaintext.push(decipher.final());
    } catch {
      return err(
        'segment-authentication-failed',
        `Cannot open object "${id}": segment ${index} fails authentication (wrong key, position or object)`,
      );
    }
    let length = 0;
    for (const chunk of plaintext) length += chunk.length;
    if (length !== plaintextLengthOf(body, index)) {
      return err(
        'segment-size-mismatch',
        `Cannot open object "${id}": segment ${index} decrypts to the wrong size`,
      );
    }
    for (const chunk of plaintext) if (chunk.length > 0) await options.sink(chunk);
    written += length;
  }
  return ok({ plaintextSize: written });
}
