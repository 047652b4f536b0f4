import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { IN_MEMORY, openMetadataStore, type MetadataStore } from '../store/metadata/open.ts';
import { createScratchSchema, type ScratchSchema } from '../store/metadata/scratch-schema.ts';
import { natoLabel, purposeOffer } from './_testing/fixtures.ts';
import type { VersionContent } from './model.ts';
import { lineageGraph } from './prov-graph.ts';
import { deriveArtefact, recordVersion } from './record.ts';
import { getVersion, listVersions } from './store/version-repository.ts';

const ctx = { node: 'FRA', actor: 'user:alice', now: new Date('2026-11-26T09:00:00Z') };

function content(artefact: string, title: string, classification = 'NATO RESTRICTED'): VersionContent {
  return {
    artefact,
    kind: 'dataset',
    title,
    metadata: {},
    label: natoLabel(classification, ['FRA', 'DEU']),
    policies: [purposeOffer(`${artefact}-o`, ['training'])],
    derivedFrom: [],
  };
}

const DATABASE_URL = process.env.DATABASE_URL;

function lineageSuite(adapter: 'pglite' | 'postgres'): void {
  let store: MetadataStore;
  let scratch: ScratchSchema | undefined;
  before(async () => {
    if (adapter === 'pglite') {
      store = await openMetadataStore({ dataDir: IN_MEMORY });
      return;
    }
    scratch = await createScratchSchema(DATABASE_URL ?? '', 'lineage');
    store = await openMetadataStore({ databaseUrl: scratch.databaseUrl });
  });
  after(async () => {
    await store?.close();
    await scratch?.drop();
  });

  test('versions are content-addressed and immutable: same content same id, new content a new version', async () => {
    const first = await store.transaction((trx) =>
      recordVersion(trx, { ...ctx, content: content('urn:uuid:d1', 'Radar tracks') }),
    );
    assert.match(first.version.id, /^sha256:[0-9a-f]{64}$/);
    assert.equal(first.created, true);
    const again = await store.transaction((trx) =>
      recordVersion(trx, { ...ctx, content: content('urn:uuid:d1', 'Radar tracks') }),
    );
    assert.deepEqual([again.created, again.version.id], [false, first.version.id]);
    const second = await store.transaction((trx) =>
      recordVersion(trx, { ...ctx, content: content('urn:uuid:d1', 'Radar tracks, cleaned titles') }),
    );
    assert.notEqual(second.version.id, first.version.id);
    assert.equal(second.version.previous, first.version.id);
    assert.deepEqual(
      (await listVersions(store.db, 'urn:uuid:d1')).map((v) => v.id),
      [first.version.id, second.version.id],
    );
    assert.equal(
      (await getVersion(store.db, first.version.id))?.title,
      'Radar tracks',
      'the old version stays readable',
    );
    const audit = await store.db.selectFrom('audit_entry').select(['kind', 'subject']).execute();
    assert.deepEqual(
      audit.map((a) => a.kind),
      ['dataset.version', 'dataset.version'],
    );
  });

  test('a derived model records its inputs, activity and label; a weaker label is refused and audited', async () => {
    const a = await store.transaction((trx) =>
      recordVersion(trx, { ...ctx, content: content('urn:uuid:a', 'A') }),
    );
    const derived = {
      artefact: 'urn:uuid:model-1',
      kind: 'model' as const,
      title: 'Vehicle classifier',
      inputs: [
        { version: a.version.id },
        {
          external: {
            artefact: 'urn:uuid:deu-set',
            participant: 'DEU',
            label: natoLabel('NATO SECRET', ['FRA', 'DEU']),
            policies: [purposeOffer('deu', ['training'])],
          },
        },
      ],
      activity: {
        type: 'federated-training',
        startedAt: new Date('2026-11-26T08:00:00Z'),
        endedAt: new Date('2026-11-26T08:30:00Z'),
        agent: 'urn:foedera:user:FRA:alice',
        details: { rounds: 5 },
      },
    };
    const refused = await deriveArtefact(store, {
      ...ctx,
      derived: { ...derived, label: natoLabel('NATO RESTRICTED', ['FRA', 'DEU']) },
    });
    assert.equal(!refused.ok && refused.reason, 'label-too-weak');
    const made = await deriveArtefact(store, { ...ctx, derived });
    assert.ok(made.ok, made.ok ? '' : made.detail);
    assert.equal(made.value.label.classification, 'NATO SECRET');
    assert.equal(made.value.version.content.derivedFrom instanceof Array, true);

    const graph = await lineageGraph(store.db, made.value.version);
    const byId = new Map(graph['@graph'].map((n) => [n['@id'], n]));
    const model = byId.get(made.value.version.id) as Record<string, unknown>;
    assert.equal((model['prov:wasGeneratedBy'] as { '@id': string })['@id'], made.value.activity);
    assert.equal((model['prov:wasDerivedFrom'] as unknown[]).length, 2);
    const activity = byId.get(made.value.activity) as Record<string, unknown>;
    assert.equal(activity['@type'], 'prov:Activity');
    assert.equal(
      (activity['prov:startedAtTime'] as { '@value': string })['@value'],
      '2026-11-26T08:00:00.000Z',
    );
    assert.equal(byId.get('urn:foedera:user:FRA:alice')?.['@type'], 'prov:Agent');
    const fromA = await lineageGraph(store.db, a.version);
    assert.ok(
      fromA['@graph'].some((n) => n['@id'] === made.value.version.id),
      'downstream of an input',
    );

    const kinds = (await store.db.selectFrom('audit_entry').select('kind').orderBy('idx').execute()).map(
      (e) => e.kind,
    );
    assert.deepEqual(kinds.slice(-4), [
      'dataset.version',
      'dataset.derivation-refused',
      'dataset.version',
      'dataset.derived',
    ]);
  });
}

describe('lineage records on PGlite', () => lineageSuite('pglite'));
describe(
  'lineage records on PostgreSQL',
  { skip: DATABASE_URL === undefined ? 'DATABASE_URL is not set: PostgreSQL tests skipped' : false },
  () => lineageSuite('postgres'),
);
