/** RFC 9162 §2.1.1 hashing: domain-separated leaf and interior-node hashes over SHA-256. */
import { createHash, hash } from 'node:crypto';
import { nodeHashInto } from './sha256-node.ts';

/** A 32-byte SHA-256 digest: a leaf hash, an interior node hash or a tree root. */
export type Hash = Uint8Array;

export const HASH_SIZE = 32;

const LEAF_PREFIX = new Uint8Array([0x00]);

/** MTH({}) = SHA-256() — the root of the empty tree. */
export const EMPTY_ROOT: Hash = createHash('sha256').digest();

/** MTH({d0}) = SHA-256(0x00 ‖ d0). */
export function leafHash(entry: Uint8Array): Hash {
  return hash('sha256', Buffer.concat([LEAF_PREFIX, entry]), 'buffer');
}

/** The leaf hash of a text entry, hashed from its UTF-8 without copying it into a byte array first. */
export function leafHashOfText(text: string): Hash {
  // U+0000 is the single byte 0x00 in UTF-8: the leaf prefix.
  return hash('sha256', `\u0000${text}`, 'buffer');
}

/** SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Hash, right: Hash): Hash {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) {
    throw new RangeError(`Cannot hash tree nodes of ${left.length} and ${right.length} bytes`);
  }
  return nodeHashInto(left, right, new Uint8Array(HASH_SIZE));
}

export function hashEquals(a: Hash, b: Hash): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

export function isHash(value: Uint8Array): boolean {
  return value.length === HASH_SIZE;
}

export function toHex(hash: Hash): string {
  return Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength).toString('hex');
}

export function fromHex(hex: string): Hash {
  return new Uint8Array(Buffer.from(hex, 'hex'));
}
