/**
 * Verifying many inclusion proofs against one trusted root, as an export's verifier does. Once a proof reaches the
 * root, every subtree hash on its path (the ones it computed and the siblings it was given) is the genuine hash of
 * that subtree of the tree the root commits to. A later proof that computes the same subtree can stop hashing there:
 * it verifies when that hash and the rest of its proof are the verified ones (the siblings above a verified subtree
 * are all verified too), and fails otherwise, as hashing on could not reach the root. Each subtree is named by the leaf
 * range it covers, which the proof plan gives without hashing. The memory lives as long as the verifier (one export).
 */
import { hashEquals, HASH_SIZE, isHash, type Hash } from './hash.ts';
import { inclusionPlan } from './proof-plan.ts';
import { nodeHashInto } from './sha256-node.ts';

export type InclusionVerifier = (claim: {
  readonly leafHash: Hash;
  readonly index: number;
  readonly proof: readonly Hash[];
}) => boolean;

export function inclusionVerifier(options: { root: Hash; size: number }): InclusionVerifier {
  const { root, size } = options;
  const known = new Map<string, Hash>();
  const sizeOk = Number.isSafeInteger(size) && size > 0 && isHash(root);
  return ({ leafHash, index, proof }) => {
    if (!sizeOk || !Number.isSafeInteger(index) || index < 0 || index >= size || !isHash(leafHash))
      return false;
    const plan = inclusionPlan(index, size);
    if (plan.length !== proof.length) return false;
    const restIsKnown = (from: number): boolean => {
      for (let j = from; j < plan.length; j++) {
        const sibling = plan[j];
        const given = proof[j];
        const genuine = sibling === undefined ? undefined : known.get(`${sibling.start}-${sibling.end}`);
        if (genuine === undefined || given === undefined || !hashEquals(genuine, given)) return false;
      }
      return true;
    };
    let start = index;
    let end = index + 1;
    let hash = leafHash;
    // Each subtree this proof passes through, with the hash it claims, kept if the proof verifies.
    const path: [string, Hash][] = [];
    for (let k = 0; ; k++) {
      const key = `${start}-${end}`;
      const verified = known.get(key);
      if (verified !== undefined) {
        // The rest of this proof must be the verified path's siblings: any other hash cannot reach the root.
        if (!hashEquals(verified, hash) || !restIsKnown(k)) return false;
        break;
      }
      if (k === plan.length) {
        if (!hashEquals(hash, root)) return false;
        break;
      }
      path.push([key, hash]);
      const sibling = plan[k];
      const p = proof[k];
      if (sibling === undefined || p === undefined || !isHash(p)) return false;
      path.push([`${sibling.start}-${sibling.end}`, p]);
      const out = new Uint8Array(HASH_SIZE);
      hash = sibling.start < start ? nodeHashInto(p, hash, out) : nodeHashInto(hash, p, out);
      start = Math.min(start, sibling.start);
      end = Math.max(end, sibling.end);
    }
    for (const [key, value] of path) known.set(key, value);
    return true;
  };
}
