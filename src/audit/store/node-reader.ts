/**
 * Serving proofs from the store. Only every TILE_STRIDE-th level of the tree is stored (level 0 is the entries
 * themselves); a node in between is folded from at most 2^(TILE_STRIDE-1) stored nodes below it, so a proof reads
 * O(log n) rows in one query per stored level and appends write about 1/15 of a node row per entry.
 */
import { sql } from 'kysely';
import { FoederaError } from '../../shared/errors.ts';
import { nodesNeeded } from '../merkle/assemble.ts';
import { leafHashOfText, nodeHash, type Hash } from '../merkle/hash.ts';
import { nodeKey, type LeafRange, type NodeId } from '../merkle/subtrees.ts';
import type { Db } from './tables.ts';

export const TILE_STRIDE = 4;

/**
 * Leaf and stored-node hashes read outside a transaction, per database handle. What the root handle reads is
 * committed, and a committed entry or node never changes (the log only appends), so it can be served again without
 * a query; reads inside a transaction are neither served nor kept (that transaction may still roll back).
 * Bounded, oldest first out: recent entries, the ones proofs are asked for most, stay.
 */
const CACHE_ENTRIES = 32_768;

class CommittedCache {
  readonly #hashes = new Map<string, Hash>();
  /** The largest tree size read from the committed tree row: sizes up to it exist without asking again. */
  knownSize = 0;

  get(key: string): Hash | undefined {
    return this.#hashes.get(key);
  }

  set(key: string, hash: Hash): void {
    if (this.#hashes.size >= CACHE_ENTRIES) {
      const oldest = this.#hashes.keys().next();
      if (oldest.done !== true) this.#hashes.delete(oldest.value);
    }
    this.#hashes.set(key, hash);
  }
}

const caches = new WeakMap<object, CommittedCache>();

export function committedCache(db: Db): CommittedCache | undefined {
  if (db.isTransaction) return undefined;
  let cache = caches.get(db);
  if (cache === undefined) {
    cache = new CommittedCache();
    caches.set(db, cache);
  }
  return cache;
}

/** Fetches every node the plan needs and returns a synchronous lookup over them. */
export async function loadNodes(db: Db, plan: readonly LeafRange[]): Promise<(id: NodeId) => Hash> {
  const needed = nodesNeeded(plan);
  // For each needed node, the stored nodes it folds from: level `base`, indexes [first, first + width).
  const wanted = new Map<number, Set<number>>();
  for (const id of needed) {
    const base = id.level - (id.level % TILE_STRIDE);
    const width = 2 ** (id.level - base);
    const set = wanted.get(base) ?? new Set<number>();
    for (let i = id.index * width; i < (id.index + 1) * width; i++) set.add(i);
    wanted.set(base, set);
  }
  const cache = committedCache(db);
  const stored = new Map<string, Hash>();
  const leaves: number[] = [];
  const levels: number[] = [];
  const indexes: number[] = [];
  for (const [level, set] of wanted) {
    for (const index of set) {
      const cached = cache?.get(`${level}/${index}`);
      if (cached !== undefined) stored.set(`${level}/${index}`, cached);
      else if (level === 0) leaves.push(index);
      else {
        levels.push(level);
        indexes.push(index);
      }
    }
  }
  if (leaves.length > 0 || levels.length > 0) {
    // One round trip for what the cache lacks: leaves (hashed here from their bodies) and stored nodes together.
    const rows = await sql<{ level: number; idx: string; hash: Buffer | null; body: string | null }>`
      select 0 as level, idx, null::bytea as hash, body from audit_entry where idx = any(${leaves}::bigint[])
      union all
      select n.level, n.idx, n.hash, null::text as body from audit_node n
        join unnest(${levels}::smallint[], ${indexes}::bigint[]) as w(l, i) on n.level = w.l and n.idx = w.i`.execute(
      db,
    );
    for (const row of rows.rows) {
      const hash = row.body !== null ? leafHashOfText(row.body) : new Uint8Array(row.hash ?? []);
      stored.set(`${row.level}/${row.idx}`, hash);
      cache?.set(`${row.level}/${row.idx}`, hash);
    }
  }
  const computed = new Map<string, Hash>();
  for (const id of needed) computed.set(nodeKey(id), fold(id, stored));
  return (id) => {
    const hash = computed.get(nodeKey(id));
    if (hash === undefined)
      throw new FoederaError('audit-corrupt-tree', `Cannot read audit tree node ${nodeKey(id)}`);
    return hash;
  };
}

function fold(id: NodeId, stored: Map<string, Hash>): Hash {
  const base = id.level - (id.level % TILE_STRIDE);
  const width = 2 ** (id.level - base);
  let layer: Hash[] = [];
  for (let i = id.index * width; i < (id.index + 1) * width; i++) {
    const hash = stored.get(`${base}/${i}`);
    if (hash === undefined) {
      throw new FoederaError(
        'audit-corrupt-tree',
        `Cannot compute audit tree node ${nodeKey(id)}: node ${base}/${i} is missing`,
      );
    }
    layer.push(hash);
  }
  while (layer.length > 1) {
    const next: Hash[] = [];
    for (let i = 0; i < layer.length; i += 2) next.push(nodeHash(layer[i] as Hash, layer[i + 1] as Hash));
    layer = next;
  }
  return layer[0] as Hash;
}
