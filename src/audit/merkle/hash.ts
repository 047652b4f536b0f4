/** RFC 9162 §2.1.1 hashing: domain-separated leaf and interior-node hashes over SHA-256. */
import { createHash, hash } from 'node:crypto';

/** A 32-byte SHA-256 digest: a leaf hash, an interior node hash or a tree root. */
export type Hash = Uint8Array;

export const HASH_SIZE = 32;

const LEAF_PREFIX = new Uint8Array([0x00]);
// One-shot hashing over a reused buffer: proofs hash millions of 65-byte nodes, and a Hash object per node costs
// more than the SHA-256 itself. Safe because JavaScript runs one call at a time on this buffer.
const nodeInput = new Uint8Array(1 + 2 * 32);
nodeInput[0] = 0x01;

/** MTH({}) = SHA-256() — the root of the empty tree. */
export const EMPTY_ROOT: Hash = createHash('sha256').digest();

/** MTH({d0}) = SHA-256(0x00 ‖ d0). */
export function leafHash(entry: Uint8Array): Hash {
  return hash('sha256', Buffer.concat([LEAF_PREFIX, entry]), 'buffer');
}

/** SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Hash, right: Hash): Hash {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) {
    throw new RangeError(`Cannot hash tree nodes of ${left.length} and ${right.length} bytes`);
  }
  nodeInput.set(left, 1);
  nodeInput.set(right, 1 + HASH_SIZE);
  return hash('sha256', nodeInput, 'buffer');
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
