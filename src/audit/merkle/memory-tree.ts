/**
 * A whole tree held in memory, every perfect subtree kept by level: the reference backend used by the export
 * verifier, the witness tests and the benchmarks. The store-backed log uses the same plans and frontier.
 */
import { assemble, rangeHash } from './assemble.ts';
import { appendLeaves, EMPTY_FRONTIER, frontierRoot, type Frontier } from './compact-range.ts';
import { EMPTY_ROOT, leafHash, type Hash } from './hash.ts';
import { consistencyPlan, inclusionPlan } from './proof-plan.ts';
import type { NodeId } from './subtrees.ts';

export class MemoryTree {
  readonly #levels: Hash[][] = [[]];
  #frontier: Frontier = EMPTY_FRONTIER;

  get size(): number {
    return this.#frontier.size;
  }

  /** Appends raw entries (hashed as leaves); returns the index of the first. */
  appendEntries(entries: readonly Uint8Array[]): number {
    return this.appendLeafHashes(entries.map(leafHash));
  }

  appendLeafHashes(leaves: readonly Hash[]): number {
    const first = this.size;
    const { frontier, completed } = appendLeaves(this.#frontier, leaves);
    (this.#levels[0] as Hash[]).push(...leaves);
    for (const node of completed) {
      const level = (this.#levels[node.level] ??= []);
      level[node.index] = node.hash;
    }
    this.#frontier = frontier;
    return first;
  }

  root(size: number = this.size): Hash {
    this.#checkSize(size);
    if (size === 0) return EMPTY_ROOT;
    if (size === this.size) return frontierRoot(this.#frontier);
    return rangeHash({ start: 0, end: size }, this.#node);
  }

  leafHash(index: number): Hash {
    const hash = this.#levels[0]?.[index];
    if (hash === undefined)
      throw new RangeError(`Cannot read leaf ${index}: the tree has ${this.size} leaves`);
    return hash;
  }

  inclusionProof(index: number, size: number = this.size): Hash[] {
    this.#checkSize(size);
    return assemble(inclusionPlan(index, size), this.#node);
  }

  consistencyProof(first: number, second: number = this.size): Hash[] {
    this.#checkSize(second);
    return assemble(consistencyPlan(first, second), this.#node);
  }

  readonly #node = (id: NodeId): Hash => {
    const hash = this.#levels[id.level]?.[id.index];
    if (hash === undefined) throw new RangeError(`Cannot read node ${id.level}/${id.index}: not in the tree`);
    return hash;
  };

  #checkSize(size: number): void {
    if (!Number.isSafeInteger(size) || size < 0 || size > this.size) {
      throw new RangeError(`Cannot use tree size ${size}: the tree has ${this.size} leaves`);
    }
  }
}
