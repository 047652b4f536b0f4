/**
 * Which subtree hashes an inclusion or consistency proof is made of, computed without any hash: the shell fetches
 * these from wherever the tree lives (memory, store) and `assemble` turns them into the proof. This keeps the
 * RFC 9162 §2.1.3.1 PATH and §2.1.4.1 SUBPROOF recursions in one place for every backend.
 */
import { splitPoint, type LeafRange } from './subtrees.ts';

/** PATH(m, D[start:end]) as the list of sibling ranges, deepest first (the order of the proof). */
export function inclusionPlan(index: number, size: number): LeafRange[] {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) {
    throw new RangeError(`Cannot plan inclusion proof for leaf ${index} in a tree of size ${size}`);
  }
  const out: LeafRange[] = [];
  let start = 0;
  let end = size;
  const siblings: LeafRange[] = [];
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (index < start + k) {
      siblings.push({ start: start + k, end });
      end = start + k;
    } else {
      siblings.push({ start, end: start + k });
      start += k;
    }
  }
  // The recursion emits the root's sibling first; the proof lists the leaf's sibling first.
  for (let i = siblings.length - 1; i >= 0; i--) out.push(siblings[i] as LeafRange);
  return out;
}

/** PROOF(m, D[n]) = SUBPROOF(m, D[n], true) as subtree ranges; empty when m = 0 or m = n. */
export function consistencyPlan(first: number, second: number): LeafRange[] {
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(second) || first < 0 || first > second) {
    throw new RangeError(`Cannot plan consistency proof from size ${first} to size ${second}`);
  }
  if (first === 0 || first === second) return [];
  const reversed: LeafRange[] = [];
  let start = 0;
  let end = second;
  let m = first;
  let whole = true;
  for (;;) {
    const n = end - start;
    if (m === n) {
      if (!whole) reversed.push({ start, end });
      break;
    }
    const k = splitPoint(n);
    if (m <= k) {
      reversed.push({ start: start + k, end });
      end = start + k;
    } else {
      reversed.push({ start, end: start + k });
      start += k;
      m -= k;
      whole = false;
    }
  }
  return reversed.reverse();
}
