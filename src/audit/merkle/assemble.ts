/** Turns a proof plan into hashes, given the perfect-subtree hashes the plan needs. */
import { nodeHash, type Hash } from './hash.ts';
import { nodeKey, perfectSubtrees, type LeafRange, type NodeId } from './subtrees.ts';

/** Every perfect subtree the plan's ranges are made of, without duplicates. */
export function nodesNeeded(plan: readonly LeafRange[]): NodeId[] {
  const seen = new Map<string, NodeId>();
  for (const range of plan) for (const id of perfectSubtrees(range)) seen.set(nodeKey(id), id);
  return [...seen.values()];
}

/** MTH of an RFC 9162 subtree range from the hashes of its perfect subtrees, folded right to left. */
export function rangeHash(range: LeafRange, lookup: (id: NodeId) => Hash): Hash {
  const parts = perfectSubtrees(range);
  const last = parts[parts.length - 1];
  if (last === undefined) throw new RangeError(`Cannot hash the empty range [${range.start}, ${range.end})`);
  let hash = lookup(last);
  for (let i = parts.length - 2; i >= 0; i--) hash = nodeHash(lookup(parts[i] as NodeId), hash);
  return hash;
}

export function assemble(plan: readonly LeafRange[], lookup: (id: NodeId) => Hash): Hash[] {
  return plan.map((range) => rangeHash(range, lookup));
}
