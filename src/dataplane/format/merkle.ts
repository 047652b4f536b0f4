/**
 * Merkle tree hash over the segment hashes, as RFC 9162 section 2.1.1 defines it (leaf prefix 0x00, node prefix 0x01,
 * split at the largest power of two below n). Chosen over a plain hash chain because a receiver can later check one
 * segment against the signed root with an inclusion proof, without the whole list.
 */
import { createHash } from 'node:crypto';

const leafHash = (leaf: Buffer): Buffer =>
  createHash('sha256')
    .update(Buffer.from([0]))
    .update(leaf)
    .digest();
const nodeHash = (left: Buffer, right: Buffer): Buffer =>
  createHash('sha256')
    .update(Buffer.from([1]))
    .update(left)
    .update(right)
    .digest();

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function treeHash(leaves: readonly Buffer[], from: number, to: number): Buffer {
  const n = to - from;
  if (n === 1) return leafHash(leaves[from] as Buffer);
  const k = largestPowerOfTwoBelow(n);
  return nodeHash(treeHash(leaves, from, from + k), treeHash(leaves, from + k, to));
}

/** Root over hex SHA-256 segment hashes, in order; the empty list has the hash of the empty string as RFC 9162 says. */
export function merkleRoot(segmentHashes: readonly string[]): string {
  if (segmentHashes.length === 0) return createHash('sha256').digest('hex');
  const leaves = segmentHashes.map((hex) => Buffer.from(hex, 'hex'));
  return treeHash(leaves, 0, leaves.length).toString('hex');
}
