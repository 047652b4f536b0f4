/**
 * Carries the user-administration journal (user-journal.ts) into the node's audit log: each record not yet logged
 * becomes one `user.<action>` entry, all of one round in one transaction. Whether a record is logged is read from
 * the log itself (the entry names the record's id), so a crash after the commit only makes the next round skip it.
 */
import type { AuditEntryInput } from '../../audit/entry/entry.ts';
import { appendAuditBatch } from '../../audit/store/append.ts';
import '../../audit/store/tables.ts';
import type { MetadataStore } from '../../store/metadata/port.ts';
import { readUserJournal, type UserJournalRecord } from './user-journal.ts';

const subjectOf = (user: string) => `user:${user}`;

export async function auditUserJournal(options: {
  journal: string;
  store: MetadataStore;
  /** The participant running the node (the entries' `node`). */
  node: string;
  /** Ids known to be logged already (kept by the caller between rounds); updated in place after the commit. */
  logged?: Set<string>;
}): Promise<{ appended: number; invalid: number[] }> {
  const { records, invalid } = await readUserJournal(options.journal);
  const logged = options.logged ?? new Set<string>();
  const candidates = records.filter((r) => !logged.has(r.id));
  if (candidates.length === 0) return { appended: 0, invalid };
  const appended = await options.store.transaction(async (trx) => {
    const rows = await trx
      .selectFrom('audit_entry')
      .select('body')
      .where('subject', 'in', [...new Set(candidates.map((r) => subjectOf(r.user)))])
      .where('kind', 'like', 'user.%')
      .execute();
    const inLog = new Set(rows.map((row) => journalIdOf(row.body)));
    const fresh = candidates.filter((r) => !inLog.has(r.id));
    await appendAuditBatch(
      trx,
      fresh.map((r) => entryOf(r, options.node)),
    );
    return fresh.length;
  });
  for (const r of candidates) logged.add(r.id);
  return { appended, invalid };
}

function entryOf(record: UserJournalRecord, node: string): AuditEntryInput {
  return {
    time: record.time,
    node,
    kind: `user.${record.action}`,
    actor: record.operator,
    subject: subjectOf(record.user),
    details: {
      journal: record.id,
      user: record.user,
      ...(record.attributes === undefined
        ? {}
        : {
            attributes: {
              nationality: record.attributes.nationality,
              clearances: { ...record.attributes.clearances },
              coi: [...record.attributes.coi],
              roles: [...record.attributes.roles],
            },
          }),
    },
  };
}

function journalIdOf(body: string): string | undefined {
  try {
    const journal = (JSON.parse(body) as { details?: { journal?: unknown } }).details?.journal;
    return typeof journal === 'string' ? journal : undefined;
  } catch {
    return undefined;
  }
}
