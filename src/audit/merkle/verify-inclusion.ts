/** RFC 9162 §2.1.3.2: verifying an inclusion proof, step by step as the RFC writes it. */
import { HASH_SIZE, hashEquals, isHash, type Hash } from './hash.ts';
import { nodeHashInto } from './sha256-node.ts';

export type InclusionClaim = {
  readonly leafHash: Hash;
  readonly index: number;
  readonly size: number;
  readonly proof: readonly Hash[];
  readonly root: Hash;
};

/** The root the proof leads to, or undefined when the proof has the wrong shape for (index, size). */
export function rootFromInclusion(claim: Omit<InclusionClaim, 'root'>): Hash | undefined {
  const { index, size, proof } = claim;
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size)
    return undefined;
  if (!isHash(claim.leafHash)) return undefined;
  // fn and sn go beyond 32 bits, so halve arithmetically rather than with >>.
  let fn = index;
  let sn = size - 1;
  // One buffer per proof: each step hashes into it (nodeHashInto reads both inputs before writing).
  let r = claim.leafHash;
  const acc = new Uint8Array(HASH_SIZE);
  for (const p of proof) {
    if (!isHash(p) || sn === 0) return undefined;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHashInto(p, r, acc);
      if (fn % 2 === 0) {
        do {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        } while (fn % 2 === 0 && fn !== 0);
      }
    } else {
      r = nodeHashInto(r, p, acc);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : undefined;
}

export function verifyInclusion(claim: InclusionClaim): boolean {
  const root = rootFromInclusion(claim);
  return root !== undefined && isHash(claim.root) && hashEquals(root, claim.root);
}
