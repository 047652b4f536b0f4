/**
 * The frontier of an append-only tree: the roots of the perfect subtrees that tile [0, size), largest first.
 * Appending a leaf merges equal-height roots like a binary counter, so it costs O(log n) hashes amortised O(1),
 * and reports every perfect subtree it completes so a store can keep them for serving proofs.
 */
import { EMPTY_ROOT, nodeHash, type Hash } from './hash.ts';
import type { NodeId } from './subtrees.ts';

export type Frontier = { readonly size: number; readonly hashes: readonly Hash[] };

export type CompletedNode = NodeId & { readonly hash: Hash };

export const EMPTY_FRONTIER: Frontier = { size: 0, hashes: [] };

/** Appends leaf hashes; returns the new frontier and the perfect subtrees of level ≥ 1 completed on the way. */
export function appendLeaves(
  frontier: Frontier,
  leaves: readonly Hash[],
): { frontier: Frontier; completed: CompletedNode[] } {
  const hashes = [...frontier.hashes];
  const completed: CompletedNode[] = [];
  let size = frontier.size;
  for (const leaf of leaves) {
    let hash = leaf;
    let level = 0;
    let index = size;
    // Each trailing one bit of `size` is a perfect subtree of that level waiting for a right sibling.
    while ((Math.floor(size / 2 ** level) & 1) === 1) {
      const left = hashes.pop();
      if (left === undefined)
        throw new Error('Cannot append to a frontier whose hashes do not match its size');
      hash = nodeHash(left, hash);
      level++;
      index = Math.floor(index / 2);
      completed.push({ level, index, hash });
    }
    hashes.push(hash);
    size++;
  }
  return { frontier: { size, hashes }, completed };
}

/** The tree head: the frontier folded right to left. */
export function frontierRoot(frontier: Frontier): Hash {
  const { hashes } = frontier;
  const last = hashes[hashes.length - 1];
  if (last === undefined) return EMPTY_ROOT;
  let root = last;
  for (let i = hashes.length - 2; i >= 0; i--) root = nodeHash(hashes[i] as Hash, root);
  return root;
}

/** The node ids of a frontier's hashes, in order: the binary decomposition of its size. */
export function frontierNodes(size: number): NodeId[] {
  const out: NodeId[] = [];
  let start = 0;
  for (let level = 52; level >= 0; level--) {
    const width = 2 ** level;
    if (size - start >= width) {
      out.push({ level, index: start / width });
      start += width;
    }
  }
  return out;
}

export function isValidFrontier(frontier: Frontier): boolean {
  return frontierNodes(frontier.size).length === frontier.hashes.length;
}
