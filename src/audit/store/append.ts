/**
 * Appending to the log inside the caller's transaction, so a state change and its audit entry commit together or
 * not at all. The tree row is locked (`FOR UPDATE`) for the rest of the caller's transaction: that lock hands out
 * indexes without gaps in commit order, and the frontier in the same row makes the new root and every completed
 * subtree computable from the batch alone. Proofs are available the moment the caller commits.
 * Trade-off (docs/decisions/0004-audit-log.md): audited transactions of one node serialise from their append to
 * their commit, so callers append last, and bulk writers use `appendAuditBatch`.
 */
import { sql, type RawBuilder, type Transaction } from 'kysely';
import { Compile } from 'typebox/compile';
import { FoederaError } from '../../shared/errors.ts';
import type { Database } from '../../store/metadata/database.ts';
import { entryText, sealEntry } from '../entry/codec.ts';
import { AuditEntrySchema, type AuditEntry, type AuditEntryInput } from '../entry/entry.ts';
import { appendLeaves, frontierRoot } from '../merkle/compact-range.ts';
import { leafHashOfText } from '../merkle/hash.ts';
import { readFrontier, writeFrontier } from './frontier-codec.ts';
import { TILE_STRIDE } from './node-reader.ts';
import './tables.ts';

const checkEntry = Compile(AuditEntrySchema);

export class InvalidAuditEntryError extends FoederaError {
  constructor(message: string) {
    super('audit-invalid-entry', message);
  }
}

function lines(values: readonly string[]): RawBuilder<string[]> {
  return values.some((v) => v.includes('\n'))
    ? sql`${values}::text[]`
    : sql`string_to_array(${values.join('\n')}::text, E'\\n')`;
}

export async function appendAudit(trx: Transaction<Database>, input: AuditEntryInput): Promise<AuditEntry> {
  const [entry] = await appendAuditBatch(trx, [input]);
  return entry as AuditEntry;
}

export async function appendAuditBatch(
  trx: Transaction<Database>,
  inputs: readonly AuditEntryInput[],
): Promise<AuditEntry[]> {
  if (inputs.length === 0) return [];
  const tree = await trx
    .selectFrom('audit_tree')
    .select(['size', 'frontier'])
    .where('id', '=', 1)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const frontier = readFrontier(Number(tree.size), tree.frontier);

  const entries: AuditEntry[] = [];
  const bodies: string[] = [];
  const leaves: Uint8Array[] = [];
  inputs.forEach((input, i) => {
    const entry = sealEntry(input, frontier.size + i);
    if (!checkEntry.Check(entry)) {
      const first = [...checkEntry.Errors(entry)][0];
      throw new InvalidAuditEntryError(
        `Cannot append audit entry of kind "${input.kind}": ${first?.instancePath || '/'} ${first?.message ?? 'is invalid'}`,
      );
    }
    const text = entryText(entry);
    entries.push(entry);
    bodies.push(text);
    leaves.push(leafHashOfText(text));
  });
  const { frontier: next, completed } = appendLeaves(frontier, leaves);
  const kept = completed.filter((node) => node.level % TILE_STRIDE === 0);

  // One statement for the whole batch: the entries, the completed subtrees and the tree row, as data-modifying
  // common table expressions (all run, referenced or not). Each column travels as one newline-joined text split in
  // the database, which costs far less than a text array parameter (every element quoted and escaped). Canonical
  // JSON, kinds and times never hold a raw newline; an actor or subject may, and then that column goes as an array.
  // Indexes follow the tree size locked above.
  const nodes =
    kept.length === 0
      ? sql``
      : sql`, nodes as (insert into audit_node (level, idx, hash)
          select l, i, decode(h, 'hex') from unnest(${kept.map((n) => n.level)}::smallint[],
            ${kept.map((n) => n.index)}::bigint[], ${kept.map((n) => Buffer.from(n.hash).toString('hex'))}::text[])
            as t(l, i, h))`;
  await sql`with added as (insert into audit_entry (idx, time, kind, actor, subject, body)
      select ${frontier.size}::bigint + t.n - 1, t.time::timestamptz, t.kind, t.actor, t.subject, t.body
      from unnest(${lines(entries.map((e) => e.time))}, ${lines(entries.map((e) => e.kind))},
        ${lines(entries.map((e) => e.actor))}, ${lines(entries.map((e) => e.subject))}, ${lines(bodies)})
        with ordinality as t(time, kind, actor, subject, body, n))${nodes}
    update audit_tree set size = ${next.size}, root = ${Buffer.from(frontierRoot(next))},
      frontier = ${writeFrontier(next)} where id = 1`.execute(trx);
  return entries;
}
