/** Listing, searching and exporting entries for the management API and the CLI. */
import type { AuditEntry } from '../entry/entry.ts';
import { buildExport } from '../export/build-export.ts';
import type { AuditExport } from '../export/format.ts';
import { assemble } from '../merkle/assemble.ts';
import { inclusionPlan } from '../merkle/proof-plan.ts';
import type { LeafRange } from '../merkle/subtrees.ts';
import { loadNodes } from './node-reader.ts';
import { AuditRangeError, consistencyProof, decodeStored, readEntries, readTreeHead } from './proofs.ts';
import type { Db } from './tables.ts';

export type EntryQuery = {
  readonly kind?: string;
  /** A kind family such as `decision` matches every `decision.*` kind. */
  readonly family?: string;
  readonly actor?: string;
  readonly subject?: string;
  readonly from?: Date;
  readonly to?: Date;
  /** Pagination: only entries with an index below this one (results come newest first). */
  readonly before?: number;
  readonly limit?: number;
};

export const MAX_PAGE = 1000;
export const MAX_EXPORT = 100_000;

export async function searchEntries(db: Db, query: EntryQuery): Promise<AuditEntry[]> {
  let q = db.selectFrom('audit_entry').select(['idx', 'body']);
  if (query.kind !== undefined) q = q.where('kind', '=', query.kind);
  if (query.family !== undefined) q = q.where('kind', 'like', `${query.family.replace(/[\\%_]/g, '\\$&')}.%`);
  if (query.actor !== undefined) q = q.where('actor', '=', query.actor);
  if (query.subject !== undefined) q = q.where('subject', '=', query.subject);
  if (query.from !== undefined) q = q.where('time', '>=', query.from);
  if (query.to !== undefined) q = q.where('time', '<', query.to);
  if (query.before !== undefined) q = q.where('idx', '<', String(query.before));
  const rows = await q
    .orderBy('idx', 'desc')
    .limit(Math.min(query.limit ?? 100, MAX_PAGE))
    .execute();
  return rows.map((row) => decodeStored(row.idx, row.body));
}

/**
 * Entries [start, end) with their inclusion proofs in the tree of `size` (default: the current tree), and with
 * `since`, a consistency proof from that size so an earlier checkpoint can be held to the same history.
 */
export async function exportRange(
  db: Db,
  options: { origin: string; start: number; end: number; size?: number; since?: number },
): Promise<AuditExport> {
  const head = await readTreeHead(db);
  const size = options.size ?? head.size;
  const { start, end } = options;
  if (!Number.isSafeInteger(size) || size > head.size || size < 0) {
    throw new AuditRangeError(`Cannot export at tree size ${size}: the audit log has ${head.size} entries`);
  }
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || start > end || end > size) {
    throw new AuditRangeError(`Cannot export entries [${start}, ${end}) of a tree of size ${size}`);
  }
  if (end - start > MAX_EXPORT) {
    throw new AuditRangeError(
      `Cannot export ${end - start} entries at once: at most ${MAX_EXPORT} per export`,
    );
  }
  if (options.since !== undefined && (!Number.isSafeInteger(options.since) || options.since > size)) {
    throw new AuditRangeError(`Cannot prove consistency from size ${options.since} to size ${size}`);
  }
  const entries = await readEntries(db, { start, end });
  const plans = entries.map((entry) => inclusionPlan(entry.index, size));
  // One fetch for every proof of the range: neighbouring proofs share most of their nodes.
  const lookup = await loadNodes(db, plans.flat() as LeafRange[]);
  return buildExport({
    origin: options.origin,
    treeSize: size,
    start,
    end,
    entries: entries.map((entry, i) => ({ entry, proof: assemble(plans[i] ?? [], lookup) })),
    ...(options.since === undefined
      ? {}
      : {
          consistency: {
            first: options.since,
            proof: await consistencyProof(db, { first: options.since, second: size }),
          },
        }),
  });
}
