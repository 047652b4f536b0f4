/**
 * Withdrawing a dataset against the metadata store (PGlite in memory): the row and its `dataset.deleted` entry
 * commit together; a withdrawal whose entry cannot be appended leaves the dataset and the log as they were.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { IN_MEMORY, openMetadataStore, type MetadataStore } from '../../store/metadata/open.ts';
import { dataset, label } from '../_testing/fixtures.ts';
import { getDataset, putDataset } from './dataset-repository.ts';
import { withdrawDataset } from './withdraw-dataset.ts';
import '../../audit/store/tables.ts';

describe('withdrawing a dataset', () => {
  let store: MetadataStore;
  before(async () => {
    store = await openMetadataStore({ dataDir: IN_MEMORY });
  });
  after(() => store?.close());
  const log = async () =>
    (
      await store.db
        .selectFrom('audit_entry')
        .select(['kind', 'actor', 'subject', 'body'])
        .orderBy('idx')
        .execute()
    ).map((e) => ({ ...e, details: (JSON.parse(e.body) as { details: unknown }).details }));
  const now = new Date('2026-11-26T10:00:00Z');

  test('the delete and its audit entry commit together', async () => {
    await putDataset(store.db, dataset('a', { label: label('NATO', 'NATO SECRET') }));
    const withdrawn = await withdrawDataset(store, {
      id: 'urn:uuid:a',
      node: 'FRA',
      actor: 'user:alice',
      now,
    });
    assert.equal(withdrawn?.id, 'urn:uuid:a');
    assert.equal(await getDataset(store.db, 'urn:uuid:a'), undefined);
    const entries = await log();
    assert.equal(entries.length, 1);
    assert.deepEqual(
      { ...entries[0], body: undefined },
      {
        kind: 'dataset.deleted',
        actor: 'user:alice',
        subject: 'dataset:urn:uuid:a',
        body: undefined,
        details: { dataset: 'urn:uuid:a', label: 'NATO SECRET' },
      },
    );
  });

  test('an unknown dataset writes nothing', async () => {
    const before = (await log()).length;
    assert.equal(
      await withdrawDataset(store, { id: 'urn:uuid:none', node: 'FRA', actor: 'user:alice', now }),
      undefined,
    );
    assert.equal((await log()).length, before);
  });

  test('a failed append rolls the delete back', async () => {
    await putDataset(store.db, dataset('b', { label: label('NATO', 'NATO RESTRICTED') }));
    const before = (await log()).length;
    // An empty actor is refused by the log's entry schema, inside the transaction.
    await assert.rejects(withdrawDataset(store, { id: 'urn:uuid:b', node: 'FRA', actor: '', now }), /actor/);
    assert.equal((await getDataset(store.db, 'urn:uuid:b'))?.id, 'urn:uuid:b');
    assert.equal((await log()).length, before);
  });
});
