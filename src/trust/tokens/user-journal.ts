/**
 * The journal of user administration: what `foedera user …` changed in the identity provider's directory, for the
 * node to carry into its audit log.
 *
 * Why a journal and not the CLI writing the audit log itself: the directory is a file that belongs to the identity
 * provider, not to the node (decision 0006), so no database transaction can span the change and its entry anyway;
 * and the CLI cannot open the node's store while the node runs on embedded PGlite (one process only). A journal
 * gives one code path whether the node runs or not: the CLI appends the record (fsync) before it replaces the
 * directory, under the directory's lock, so no change is ever made unrecorded (a crash in between leaves a record of
 * an attempted change, the safe side); the node appends every record it has not yet logged at start and within
 * seconds while it runs (src/api/routes/user-audit-plugin.ts). The journal is append-only and never rewritten by
 * the node, which therefore needs no lock: a record carries an id, and the node skips any id its log already holds.
 */
import { randomUUID } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import Type, { type Static } from 'typebox';
import { Value } from 'typebox/value';
import { UserAttributesSchema } from './claims.ts';
import { UserIdSchema } from './users-file.ts';

const UserJournalRecordSchema = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 64 }),
    time: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z$' }),
    action: Type.Union([Type.Literal('added'), Type.Literal('changed'), Type.Literal('removed')]),
    user: UserIdSchema,
    /** Who ran the command: the operating-system account of the identity provider's operator. */
    operator: Type.String({ minLength: 1, maxLength: 256 }),
    attributes: Type.Optional(UserAttributesSchema),
  },
  { additionalProperties: false },
);

export type UserJournalRecord = Static<typeof UserJournalRecordSchema>;

/** The journal beside the directory it records. */
export const userJournalFile = (usersFile: string): string => `${usersFile}.journal`;

export function userJournalRecord(options: {
  action: UserJournalRecord['action'];
  user: string;
  attributes?: UserJournalRecord['attributes'];
  now: Date;
}): UserJournalRecord {
  return {
    id: randomUUID(),
    time: options.now.toISOString(),
    action: options.action,
    user: options.user,
    operator: operatorName(),
    ...(options.attributes === undefined ? {} : { attributes: options.attributes }),
  };
}

/** Appends one record durably (one line, `O_APPEND`, fsync) before the caller changes the directory. */
export async function appendUserJournal(file: string, record: UserJournalRecord): Promise<void> {
  const handle = await open(file, 'a+', 0o600);
  try {
    // A crash mid-append leaves a torn last line: start on a line of our own rather than complete it.
    const { size } = await handle.stat();
    const last = Buffer.alloc(1);
    if (size > 0) await handle.read(last, 0, 1, size - 1);
    const separator = size > 0 && last.toString() !== '\n' ? '\n' : '';
    await handle.appendFile(separator + JSON.stringify(record) + '\n');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * The journal's records in order, with the lines that are not records: a torn last line (a crash mid-write)
 * or a hand edit is reported, never guessed at.
 */
export async function readUserJournal(
  file: string,
): Promise<{ records: UserJournalRecord[]; invalid: number[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], invalid: [] };
    throw error;
  }
  const records: UserJournalRecord[] = [];
  const invalid: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      invalid.push(i + 1);
      return;
    }
    if (Value.Check(UserJournalRecordSchema, json)) records.push(json);
    else invalid.push(i + 1);
  });
  return { records, invalid };
}

function operatorName(): string {
  try {
    return `operator:${userInfo().username}`;
  } catch {
    return `operator:uid-${process.getuid?.() ?? 'unknown'}`;
  }
}
