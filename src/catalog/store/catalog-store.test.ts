import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { IN_MEMORY, openMetadataStore, type MetadataStore } from '../../store/metadata/open.ts';
import { createScratchSchema, type ScratchSchema } from '../../store/metadata/scratch-schema.ts';
import { catalogDocument } from '../dsp-serialise.ts';
import { peersDue, refreshPeerCatalog } from '../federated-refresh.ts';
import { searchCatalog } from '../search.ts';
import { dataset, datasets, service } from '../_testing/fixtures.ts';
import { defaultPolicyRegistry as registry } from '../../labels/index.ts';
import { deleteDataset, getDataset, listDatasets, putDataset } from './dataset-repository.ts';
import { listPeerEntries, peerEndpoint, peerStatuses } from './peer-cache-repository.ts';

const DATABASE_URL = process.env.DATABASE_URL;

function catalogStoreSuite(adapter: 'pglite' | 'postgres'): void {
  let store: MetadataStore;
  let scratch: ScratchSchema | undefined;
  before(async () => {
    if (adapter === 'pglite') {
      store = await openMetadataStore({ dataDir: IN_MEMORY });
      return;
    }
    scratch = await createScratchSchema(DATABASE_URL ?? '', 'catalog');
    store = await openMetadataStore({ databaseUrl: scratch.databaseUrl });
  });
  after(async () => {
    await store?.close();
    await scratch?.drop();
  });

  test('datasets are stored, read back whole, updated in place and deleted', async () => {
    for (const d of datasets) await putDataset(store.db, d);
    assert.deepEqual(await getDataset(store.db, datasets[1]!.id), datasets[1]);
    await putDataset(store.db, { ...datasets[1]!, title: 'Renamed' });
    assert.equal((await getDataset(store.db, datasets[1]!.id))?.title, 'Renamed');
    assert.equal((await listDatasets(store.db)).length, datasets.length);
    assert.equal(await deleteDataset(store.db, datasets[1]!.id), true);
    assert.equal(await deleteDataset(store.db, datasets[1]!.id), false);
    assert.equal(await getDataset(store.db, datasets[1]!.id), undefined);
  });

  test('a peer refresh replaces its cached catalog and keeps the fetch time', async () => {
    const peer = 'urn:foedera:participant:DEU-BMVG';
    const page = (list: typeof datasets) =>
      JSON.parse(
        JSON.stringify(catalogDocument({ id: 'urn:uuid:c', participantId: peer, service, datasets: list })),
      );
    let pages = [page(datasets.slice(0, 2)), page([dataset('extra', { title: 'Bridge load classes' })])];
    const t1 = new Date('2026-11-26T06:00:00Z');
    const first = await refreshPeerCatalog({ store, peer, fetchCatalog: async () => pages, clock: () => t1 });
    assert.deepEqual(first, { ok: true, value: { datasets: 3, skipped: [] } });
    const entries = await listPeerEntries(store.db, { peer });
    assert.equal(entries.length, 3);
    assert.deepEqual(entries[0]?.fetchedAt, t1);
    assert.equal(entries[0]?.endpoint, service.endpointURL, "the endpoint the peer's DataService names");
    assert.equal(await peerEndpoint(store.db, peer), service.endpointURL);
    assert.deepEqual(
      searchCatalog(entries, { text: 'bridge' }, registry).map((e) => e.dataset.title),
      ['Bridge load classes'],
    );

    pages = [page(datasets.slice(0, 1))];
    const t2 = new Date('2026-11-26T07:00:00Z');
    await refreshPeerCatalog({ store, peer, fetchCatalog: async () => pages, clock: () => t2 });
    assert.equal((await listPeerEntries(store.db, { peer })).length, 1);

    const t3 = new Date('2026-11-26T08:00:00Z');
    const failed = await refreshPeerCatalog({
      store,
      peer,
      fetchCatalog: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:9443');
      },
      clock: () => t3,
    });
    assert.equal(!failed.ok && failed.reason, 'peer-unreachable');
    assert.equal((await listPeerEntries(store.db, { peer })).length, 1, 'the last good catalog is kept');
    const [status] = await peerStatuses(store.db);
    assert.equal(status?.status, 'failed');
    assert.deepEqual(status?.fetchedAt, t2);
    assert.match(status?.detail ?? '', /ECONNREFUSED/);

    const invalid = await refreshPeerCatalog({
      store,
      peer,
      fetchCatalog: async () => [{ '@type': 'Catalog' }],
      clock: () => t3,
    });
    assert.equal(!invalid.ok && invalid.reason, 'invalid-catalog');
    assert.equal((await listPeerEntries(store.db, { peer })).length, 1);

    assert.equal(await peerEndpoint(store.db, peer), service.endpointURL, 'a failed fetch keeps it');
    assert.equal(await peerEndpoint(store.db, 'urn:never-fetched'), undefined);

    const statuses = await peerStatuses(store.db);
    assert.deepEqual(
      peersDue({
        peers: [peer, 'urn:new'],
        statuses,
        now: new Date('2026-11-26T08:30:00Z'),
        maxAgeMs: 3_600_000,
      }),
      ['urn:new'],
    );
    assert.deepEqual(
      peersDue({ peers: [peer], statuses, now: new Date('2026-11-26T09:00:00Z'), maxAgeMs: 3_600_000 }),
      [peer],
    );
  });

  test('a peer whose catalog names no HTTPS DataService is kept at the URL it was fetched from', async () => {
    const peer = 'ITA';
    const page = JSON.parse(
      JSON.stringify(catalogDocument({ id: 'urn:uuid:c', participantId: peer, service, datasets })),
    );
    delete page.service;
    const refreshed = await refreshPeerCatalog({
      store,
      peer,
      fetchCatalog: async () => [page],
      clock: () => new Date('2026-11-26T06:00:00Z'),
      fetchedFrom: 'https://127.0.0.1:9443/dsp',
    });
    assert.ok(refreshed.ok);
    assert.equal(await peerEndpoint(store.db, peer), 'https://127.0.0.1:9443/dsp');
    assert.deepEqual(
      (await peerStatuses(store.db)).map((s) => [s.peer, s.endpoint]),
      [
        ['ITA', 'https://127.0.0.1:9443/dsp'],
        ['urn:foedera:participant:DEU-BMVG', service.endpointURL],
      ],
    );
  });
}

describe('catalog store on PGlite', () => catalogStoreSuite('pglite'));
describe(
  'catalog store on PostgreSQL',
  { skip: DATABASE_URL === undefined ? 'DATABASE_URL is not set: PostgreSQL tests skipped' : false },
  () => catalogStoreSuite('postgres'),
);
