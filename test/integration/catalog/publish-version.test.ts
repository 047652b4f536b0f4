/**
 * Publishing a catalog dataset as a lineage version, against the metadata store (PGlite, and PostgreSQL when
 * DATABASE_URL is set): the catalog row, the version and the audit entry commit together or not at all; a refused
 * derivation leaves no dataset but keeps its audit entry; a replaced derived dataset keeps its inputs.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { IN_MEMORY, openMetadataStore, type MetadataStore } from '../../../src/store/metadata/open.ts';
import { createScratchSchema, type ScratchSchema } from '../../../src/store/metadata/scratch-schema.ts';
import { dataset, label } from '../../../src/catalog/_testing/fixtures.ts';
import { currentDerivation, publishVersion } from '../../../src/catalog/versioning.ts';
import { getDataset } from '../../../src/catalog/store/dataset-repository.ts';
import { listVersions } from '../../../src/lineage/index.ts';
import type { CatalogDataset } from '../../../src/catalog/dataset.ts';

const DATABASE_URL = process.env.DATABASE_URL;
const rel = (...values: string[]) => ({ tagName: 'Releasable To', type: 'PERMISSIVE' as const, values });
const ctx = { node: 'FRA', actor: 'user:alice', now: new Date('2026-11-26T09:00:00Z') };
const seal = async (d: CatalogDataset) => d;
const activity = {
  type: 'cleaning',
  startedAt: new Date('2026-11-26T08:00:00Z'),
  endedAt: new Date('2026-11-26T08:10:00Z'),
  agent: 'urn:foedera:user:FRA:alice',
};

function suite(adapter: 'pglite' | 'postgres'): void {
  let store: MetadataStore;
  let scratch: ScratchSchema | undefined;
  before(async () => {
    if (adapter === 'pglite') store = await openMetadataStore({ dataDir: IN_MEMORY });
    else {
      scratch = await createScratchSchema(DATABASE_URL ?? '', 'g1publish');
      store = await openMetadataStore({ databaseUrl: scratch.databaseUrl });
    }
  });
  after(async () => {
    await store?.close();
    await scratch?.drop();
  });
  const kinds = async () =>
    (await store.db.selectFrom('audit_entry').select(['kind', 'subject']).orderBy('idx').execute()).map(
      (e) => `${e.kind} ${e.subject}`,
    );

  test('the dataset, its version and the audit entry commit together, or not at all', async () => {
    const source = dataset('raw', { label: label('NATO', 'NATO SECRET', [rel('FRA', 'DEU')]) });
    const published = await store.transaction((trx) =>
      publishVersion(trx, { ...ctx, dataset: source, declared: { label: true, offers: true }, seal }),
    );
    assert.ok(published.ok);
    assert.equal((await getDataset(store.db, source.id))?.version, published.value.version);
    assert.deepEqual(await kinds(), ['dataset.version dataset:urn:uuid:raw']);

    await assert.rejects(
      store.transaction(async (trx) => {
        await publishVersion(trx, {
          ...ctx,
          dataset: { ...source, title: 'Renamed' },
          declared: { label: true, offers: true },
          seal,
        });
        throw new Error('a later step failed');
      }),
      /a later step failed/,
    );
    assert.equal((await listVersions(store.db, source.id)).length, 1, 'no version without its dataset');
    assert.equal((await getDataset(store.db, source.id))?.title, source.title);
    assert.equal((await kinds()).length, 1, 'no audit entry without its change');
  });

  test('a refused derivation stores no dataset and keeps its audit entry; a replaced derived dataset stays derived', async () => {
    const weak = dataset('weak', { label: label('NATO', 'NATO RESTRICTED', [rel('FRA', 'DEU')]) });
    const raw = (await listVersions(store.db, 'urn:uuid:raw'))[0]?.id ?? '';
    const outcome = await store.transaction((trx) =>
      publishVersion(trx, {
        ...ctx,
        dataset: weak,
        derivation: { inputs: [{ version: raw }], activity },
        declared: { label: true, offers: false },
        seal,
      }),
    );
    assert.equal(!outcome.ok && outcome.reason, 'label-too-weak');
    assert.equal(await getDataset(store.db, weak.id), undefined);
    assert.ok((await kinds()).includes('dataset.derivation-refused dataset:urn:uuid:weak'));
    const unknown = await store.transaction((trx) =>
      publishVersion(trx, {
        ...ctx,
        dataset: weak,
        derivation: { inputs: [{ version: `sha256:${'0'.repeat(64)}` }], activity },
        declared: { label: true, offers: false },
        seal,
      }),
    );
    assert.equal(!unknown.ok && unknown.reason, 'unknown-input');

    const cleaned = await store.transaction((trx) =>
      publishVersion(trx, {
        ...ctx,
        dataset: dataset('cleaned', { label: label('NATO', 'NATO SECRET', [rel('FRA', 'DEU')]) }),
        derivation: { inputs: [{ version: raw }], activity },
        declared: { label: false, offers: false },
        seal,
      }),
    );
    assert.ok(cleaned.ok, cleaned.ok ? '' : cleaned.detail);
    assert.deepEqual(cleaned.value.derivedFrom, [raw]);
    const carried = await currentDerivation(store.db, cleaned.value);
    assert.deepEqual(carried?.inputs, [{ version: raw }]);
    assert.equal(carried?.activity.type, 'cleaning');
  });
}

describe('publishing catalog versions on PGlite', () => suite('pglite'));
describe(
  'publishing catalog versions on PostgreSQL',
  { skip: DATABASE_URL === undefined ? 'DATABASE_URL is not set: PostgreSQL tests skipped' : false },
  () => suite('postgres'),
);
