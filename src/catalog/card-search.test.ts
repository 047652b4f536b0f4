import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultPolicyRegistry as registry } from '../labels/index.ts';
import { readCard, type CroissantCard } from '../cards/index.ts';
import { changed, vehicleCard } from '../cards/_testing/cards.ts';
import { catalogDocument } from './dsp-serialise.ts';
import { readDspCatalog } from './dsp-read.ts';
import { readDatasetInput } from './read-dataset.ts';
import { searchCatalog } from './search.ts';
import { dataset, service } from './_testing/fixtures.ts';

const card = (value: Record<string, unknown>): CroissantCard => {
  const read = readCard(value);
  assert.ok(read.ok, read.ok ? '' : read.detail);
  return read.value;
};

const images = dataset('vehicles', { card: card(vehicleCard()), version: `sha256:${'1'.repeat(64)}` });
const tabular = dataset('sensor-logs', {
  card: card(
    changed(
      changed(
        changed(vehicleCard(), ['distribution', 1, 'encodingFormat'], 'text/csv'),
        ['recordSet', 1, 'field'],
        [
          { '@type': 'cr:Field', '@id': 'boxes/speed', dataType: 'sc:Float' },
          { '@type': 'cr:Field', '@id': 'boxes/heading', dataType: 'sc:Float' },
        ],
      ),
      ['foedera:task'],
      ['anomaly-detection'],
    ),
  ),
});
const plain = dataset('no-card');
const entries = [images, tabular, plain].map((d) => ({ dataset: d }));
const ids = (query: Parameters<typeof searchCatalog>[1]) =>
  searchCatalog(entries, query, registry).map((e) => e.dataset.id.replace('urn:uuid:', ''));

test('search filters by task, modality, size and field; a dataset without a card matches no card filter', () => {
  assert.deepEqual(ids({ task: 'object-detection' }), ['vehicles']);
  assert.deepEqual(ids({ task: 'Anomaly-Detection' }), ['sensor-logs']);
  assert.deepEqual(ids({ modality: 'image' }), ['vehicles']);
  assert.deepEqual(ids({ field: 'bbox' }), ['vehicles']);
  assert.deepEqual(ids({ field: 'speed' }), ['sensor-logs']);
  assert.deepEqual(ids({ minBytes: 1_000_000_000 }), ['vehicles', 'sensor-logs']);
  assert.deepEqual(ids({ maxBytes: 1_000_000 }), []);
  assert.deepEqual(ids({ minBytes: 2_000_000_000, field: 'bbox', task: 'object-detection' }), ['vehicles']);
  assert.deepEqual(ids({}), ['vehicles', 'sensor-logs', 'no-card']);
});

test('the card and version travel in the DSP catalog and are read back by a peer', () => {
  const page = JSON.parse(
    JSON.stringify(
      catalogDocument({
        id: 'urn:uuid:c',
        participantId: 'urn:foedera:participant:FRA',
        service,
        datasets: [images],
      }),
    ),
  ) as unknown;
  const read = readDspCatalog(page, { peer: 'FRA', fetchedAt: new Date() });
  assert.ok(read.ok, read.ok ? '' : read.detail);
  assert.deepEqual(read.value.datasets[0]?.card, images.card);
  assert.equal(read.value.datasets[0]?.version, images.version);
  const broken = JSON.parse(JSON.stringify(page)) as {
    dataset: Record<string, { '@value': Record<string, unknown> }>[];
  };
  const value = broken.dataset[0]?.['https://w3id.org/foedera/ns#croissant']?.['@value'];
  assert.ok(value);
  value.name = '';
  const skipped = readDspCatalog(broken, { peer: 'FRA', fetchedAt: new Date() });
  assert.ok(skipped.ok);
  assert.equal(skipped.value.datasets.length, 0);
  assert.match(skipped.value.skipped[0]?.reason ?? '', /card\.name/);
});

test('a dataset submitted with a malformed card is refused naming the card field', () => {
  const { card: _c, version: _v, issued: _i, modified: _m, ...input } = images;
  const bad = { ...input, card: changed(vehicleCard(), ['recordSet', 0, 'field', 0, 'dataType'], 'sc:Txt') };
  const read = readDatasetInput(bad, {
    registry,
    service,
    publisher: 'urn:foedera:participant:FRA',
    now: new Date(),
  });
  assert.equal(read.ok, false);
  assert.equal(!read.ok && read.field, 'card.recordSet[0].field[0].dataType');
  const good = readDatasetInput(
    { ...input, card: vehicleCard() },
    { registry, service, publisher: 'x:y', now: new Date() },
  );
  assert.ok(good.ok, good.ok ? '' : good.detail);
});
