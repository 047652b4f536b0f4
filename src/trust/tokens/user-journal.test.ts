/**
 * The user-administration journal and its carriage into the audit log (PGlite in memory): each record becomes one
 * entry once, however often the journal is read (a restart forgets what it carried); a torn or hand-edited line is
 * reported and skipped, never logged.
 */
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { IN_MEMORY, openMetadataStore, type MetadataStore } from '../../store/metadata/open.ts';
import { auditUserJournal } from './audit-user-journal.ts';
import { appendUserJournal, readUserJournal, userJournalFile, userJournalRecord } from './user-journal.ts';
import '../../audit/store/tables.ts';

const BOB = { nationality: 'FRA', clearances: { FRA: 'SECRET' }, coi: ['ops'], roles: ['analyst'] };

describe('the user journal', () => {
  let store: MetadataStore;
  let dir = '';
  let journal = '';
  before(async () => {
    store = await openMetadataStore({ dataDir: IN_MEMORY });
    dir = await mkdtemp(join(tmpdir(), 'foedera-user-journal-'));
    journal = userJournalFile(join(dir, 'users.json'));
  });
  after(async () => {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });
  const log = async () =>
    (
      await store.db
        .selectFrom('audit_entry')
        .select(['kind', 'subject', 'actor', 'body'])
        .orderBy('idx')
        .execute()
    ).map((e) => ({
      kind: e.kind,
      subject: e.subject,
      actor: e.actor,
      details: (JSON.parse(e.body) as { details: Record<string, unknown> }).details,
    }));

  test('a missing journal carries nothing', async () => {
    assert.deepEqual(await auditUserJournal({ journal, store, node: 'FRA' }), { appended: 0, invalid: [] });
  });

  test('each record becomes one entry once, even when the journal is read again from scratch', async () => {
    const added = userJournalRecord({
      action: 'added',
      user: 'bob',
      attributes: BOB,
      now: new Date('2026-11-26T09:00:00Z'),
    });
    await appendUserJournal(journal, added);
    assert.equal((await auditUserJournal({ journal, store, node: 'FRA' })).appended, 1);
    await appendUserJournal(
      journal,
      userJournalRecord({
        action: 'changed',
        user: 'bob',
        attributes: { ...BOB, roles: [] },
        now: new Date('2026-11-26T09:01:00Z'),
      }),
    );
    // A fresh reader (a restarted node) knows nothing: only the new record is logged.
    const logged = new Set<string>();
    assert.equal((await auditUserJournal({ journal, store, node: 'FRA', logged })).appended, 1);
    assert.equal((await auditUserJournal({ journal, store, node: 'FRA', logged })).appended, 0);
    const entries = await log();
    assert.deepEqual(
      entries.map((e) => e.kind),
      ['user.added', 'user.changed'],
    );
    assert.equal(entries[0]?.subject, 'user:bob');
    assert.match(entries[0]?.actor ?? '', /^operator:./);
    assert.deepEqual(entries[0]?.details, { journal: added.id, user: 'bob', attributes: BOB });
  });

  test('a torn or invalid line is reported and skipped', async () => {
    await appendFile(
      journal,
      '{"id":"x","time":"yesterday","action":"added","user":"eve","operator":"operator:x"}\n{"id":"torn',
    );
    const read = await readUserJournal(journal);
    assert.equal(read.records.length, 2);
    assert.deepEqual(read.invalid, [3, 4]);
    const before = (await log()).length;
    assert.deepEqual(await auditUserJournal({ journal, store, node: 'FRA' }), {
      appended: 0,
      invalid: [3, 4],
    });
    assert.equal((await log()).length, before);
    // The next record starts on a line of its own, and is logged.
    await appendUserJournal(
      journal,
      userJournalRecord({ action: 'added', user: 'carol', attributes: BOB, now: new Date() }),
    );
    assert.deepEqual(await auditUserJournal({ journal, store, node: 'FRA' }), {
      appended: 1,
      invalid: [3, 4],
    });
    assert.equal((await log()).at(-1)?.subject, 'user:carol');
  });
});
