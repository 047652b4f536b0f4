/**
 * Addressing of the tree's nodes. A node id `{ level, index }` names the perfect subtree of 2^level leaves
 * starting at leaf index·2^level; level 0 is a leaf. Every RFC 9162 subtree MTH(D[start:end]) that a proof
 * needs is the right-folded concatenation of the perfect subtrees of its binary decomposition.
 */
export type NodeId = { readonly level: number; readonly index: number };

/** A half-open range of leaf indexes, [start, end). */
export type LeafRange = { readonly start: number; readonly end: number };

/** The largest power of two strictly smaller than n (n ≥ 2): the split point k of RFC 9162 §2.1.1. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The perfect subtrees that tile [start, end), left to right, largest first. For the ranges that occur in
 * RFC 9162 recursion (start aligned to the range's enclosing power of two) these are the binary digits of the size.
 */
export function perfectSubtrees(range: LeafRange): NodeId[] {
  const out: NodeId[] = [];
  let start = range.start;
  while (start < range.end) {
    let level = 0;
    // Grow while the block stays aligned at `start` and inside the range.
    while (start % 2 ** (level + 1) === 0 && start + 2 ** (level + 1) <= range.end) level++;
    out.push({ level, index: start / 2 ** level });
    start += 2 ** level;
  }
  return out;
}

/** Stable string key of a node id, for maps. */
export function nodeKey(id: NodeId): string {
  return `${id.level}/${id.index}`;
}
