/** Small byte helpers shared inside the data plane; other modules must not import them. */
import { createHash } from 'node:crypto';

export const toB64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');

/** Decodes base64url strictly: a value that does not round-trip is refused, so two encodings never name one key. */
export function fromB64url(text: string, field: string): Buffer {
  const bytes = Buffer.from(text, 'base64url');
  if (bytes.toString('base64url') !== text)
    throw new TypeError(`Cannot decode ${field}: not canonical base64url`);
  return bytes;
}

export const sha256Hex = (bytes: Uint8Array | string): string =>
  createHash('sha256').update(bytes).digest('hex');

export function uint32be(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value);
  return out;
}

export const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

/** Byte-length-prefixed concatenation: no two different lists of parts give the same bytes. */
export function lengthPrefixed(...parts: Uint8Array[]): Buffer {
  const pieces: Buffer[] = [];
  for (const part of parts) pieces.push(uint32be(part.length), Buffer.from(part));
  return Buffer.concat(pieces);
}
