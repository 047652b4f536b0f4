/** Tree heads, entries and proofs as the store serves them. */
import { FoederaError } from '../../shared/errors.ts';
import { decodeEntry } from '../entry/codec.ts';
import type { AuditEntry } from '../entry/entry.ts';
import { assemble, rangeHash } from '../merkle/assemble.ts';
import { EMPTY_ROOT, type Hash } from '../merkle/hash.ts';
import { consistencyPlan, inclusionPlan } from '../merkle/proof-plan.ts';
import { committedCache, loadNodes } from './node-reader.ts';
import type { Db } from './tables.ts';

export type TreeHead = { readonly size: number; readonly root: Hash };

export async function readTreeHead(db: Db): Promise<TreeHead> {
  const row = await db
    .selectFrom('audit_tree')
    .select(['size', 'root'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  const size = Number(row.size);
  const cache = committedCache(db);
  if (cache !== undefined && size > cache.knownSize) cache.knownSize = size;
  return { size, root: new Uint8Array(row.root) };
}

export class AuditRangeError extends FoederaError {
  constructor(message: string) {
    super('audit-out-of-range', message);
  }
}

async function checkSize(db: Db, size: number): Promise<void> {
  // Committed sizes only grow: one that was seen need not be read again.
  const cache = committedCache(db);
  if (cache !== undefined && Number.isSafeInteger(size) && size >= 0 && size <= cache.knownSize) return;
  const head = await readTreeHead(db);
  if (!Number.isSafeInteger(size) || size < 0 || size > head.size) {
    throw new AuditRangeError(`Cannot use tree size ${size}: the audit log has ${head.size} entries`);
  }
}

export async function inclusionProof(db: Db, options: { index: number; size: number }): Promise<Hash[]> {
  await checkSize(db, options.size);
  if (!Number.isSafeInteger(options.index) || options.index < 0 || options.index >= options.size) {
    throw new AuditRangeError(`Cannot prove entry ${options.index} in a tree of size ${options.size}`);
  }
  const plan = inclusionPlan(options.index, options.size);
  return assemble(plan, await loadNodes(db, plan));
}

export async function consistencyProof(db: Db, options: { first: number; second: number }): Promise<Hash[]> {
  await checkSize(db, options.second);
  if (!Number.isSafeInteger(options.first) || options.first < 0 || options.first > options.second) {
    throw new AuditRangeError(
      `Cannot prove consistency from size ${options.first} to size ${options.second}`,
    );
  }
  const plan = consistencyPlan(options.first, options.second);
  return assemble(plan, await loadNodes(db, plan));
}

/** The root of the tree as it was at `size` (any size up to the current one). */
export async function rootAt(db: Db, size: number): Promise<Hash> {
  await checkSize(db, size);
  if (size === 0) return EMPTY_ROOT;
  const range = { start: 0, end: size };
  return rangeHash(range, await loadNodes(db, [range]));
}

export async function readEntries(db: Db, options: { start: number; end: number }): Promise<AuditEntry[]> {
  const rows = await db
    .selectFrom('audit_entry')
    .select(['idx', 'body'])
    .where('idx', '>=', String(options.start))
    .where('idx', '<', String(options.end))
    .orderBy('idx')
    .execute();
  return rows.map((row) => decodeStored(row.idx, row.body));
}

const encoder = new TextEncoder();

export function decodeStored(idx: string, body: string): AuditEntry {
  const decoded = decodeEntry(encoder.encode(body));
  if (!decoded.ok)
    throw new FoederaError('audit-corrupt-entry', `Cannot read audit entry ${idx}: ${decoded.detail}`);
  return decoded.value;
}
