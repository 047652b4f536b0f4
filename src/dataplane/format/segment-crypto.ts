/**
 * Per-segment AES-256-GCM in the STREAM construction (Hoang, Reyhanitabar, Rogaway, Vizár 2015, "Online
 * authenticated-encryption and its nonce-reuse misuse-resistance"): every segment's nonce carries its index and a
 * final-segment flag, and the key is derived per object from the data key and the object id. A segment moved to
 * another position, to another object, or a stream cut short after a full segment all fail the GCM tag.
 */
import { createCipheriv, createDecipheriv, hkdfSync, type CipherGCM, type DecipherGCM } from 'node:crypto';
import { lengthPrefixed, uint32be, utf8 } from '../_internal/bytes.ts';

export const DATA_KEY_LENGTH = 32;
export const TAG_LENGTH = 16;
export const NONCE_PREFIX_LENGTH = 7;
export const MIB = 1024 * 1024;
export const SEGMENT_SIZE_DEFAULT = 4 * MIB;
export const SEGMENT_SIZE_MIN = 1 * MIB;
export const SEGMENT_SIZE_MAX = 4 * MIB;
/** The nonce has 32 bits of index. */
export const MAX_SEGMENTS = 0xffffffff;

const DOMAIN = 'foedera/dataplane/v1';

export type SegmentKeys = {
  readonly segmentKey: Buffer;
  readonly noncePrefix: Buffer;
  readonly objectId: string;
};

function derive(dataKey: Uint8Array, objectId: string, purpose: string): Buffer {
  if (dataKey.length !== DATA_KEY_LENGTH)
    throw new RangeError(`Cannot derive ${purpose}: data key must be 32 bytes`);
  return Buffer.from(
    hkdfSync('sha256', dataKey, utf8(DOMAIN), lengthPrefixed(utf8(purpose), utf8(objectId)), 32),
  );
}

export function segmentKeys(options: {
  dataKey: Uint8Array;
  objectId: string;
  noncePrefix: Uint8Array;
}): SegmentKeys {
  if (options.noncePrefix.length !== NONCE_PREFIX_LENGTH) {
    throw new RangeError(`Cannot use nonce prefix: expected ${NONCE_PREFIX_LENGTH} bytes`);
  }
  return {
    segmentKey: derive(options.dataKey, options.objectId, 'segment-key'),
    noncePrefix: Buffer.from(options.noncePrefix),
    objectId: options.objectId,
  };
}

/** Key for the policy binding MAC, separate from the segment key so the two uses never share a key. */
export const policyBindingKey = (dataKey: Uint8Array, objectId: string): Buffer =>
  derive(dataKey, objectId, 'policy-binding');

export type SegmentPosition = { readonly index: number; readonly last: boolean };

export function segmentNonce(prefix: Buffer, position: SegmentPosition): Buffer {
  if (!Number.isInteger(position.index) || position.index < 0 || position.index > MAX_SEGMENTS) {
    throw new RangeError(`Cannot build nonce for segment ${position.index}: index out of range`);
  }
  return Buffer.concat([prefix, uint32be(position.index), Buffer.from([position.last ? 1 : 0])]);
}

function segmentAad(keys: SegmentKeys, position: SegmentPosition): Buffer {
  return lengthPrefixed(
    utf8(DOMAIN),
    utf8(keys.objectId),
    uint32be(position.index),
    Buffer.from([position.last ? 1 : 0]),
  );
}

export function createSegmentCipher(keys: SegmentKeys, position: SegmentPosition): CipherGCM {
  const cipher = createCipheriv('aes-256-gcm', keys.segmentKey, segmentNonce(keys.noncePrefix, position), {
    authTagLength: TAG_LENGTH,
  });
  cipher.setAAD(segmentAad(keys, position));
  return cipher;
}

/** Without `tag`, the caller sets it (`setAuthTag`) before `final()`: GCM needs it only there. */
export function createSegmentDecipher(
  keys: SegmentKeys,
  position: SegmentPosition,
  tag?: Uint8Array,
): DecipherGCM {
  const decipher = createDecipheriv(
    'aes-256-gcm',
    keys.segmentKey,
    segmentNonce(keys.noncePrefix, position),
    {
      authTagLength: TAG_LENGTH,
    },
  );
  decipher.setAAD(segmentAad(keys, position));
  if (tag !== undefined) decipher.setAuthTag(tag);
  return decipher;
}

export function checkSegmentSize(size: number): void {
  if (!Number.isInteger(size) || size < SEGMENT_SIZE_MIN || size > SEGMENT_SIZE_MAX) {
    throw new RangeError(`Cannot use segment size ${size}: expected an integer from 1 MiB to 4 MiB`);
  }
}
