import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  checkLabelAccess,
  compileSubject,
  defaultPolicyRegistry as registry,
  type LabelSubject,
} from '../labels/index.ts';
import { validateDspMessage } from '../protocol/validate.ts';
import { ENCRYPTED_OBJECT_MEDIA_TYPE, OBJECT_TRANSFER_FORMATS } from './dataset.ts';
import { readDspCatalog } from './dsp-read.ts';
import { catalogDocument, datasetDocument } from './dsp-serialise.ts';
import { searchCatalog } from './search.ts';
import { visibleDataset, visibleDatasets } from './visibility.ts';
import { datasets, service } from './_testing/fixtures.ts';

const participant = (nationality: string, clearances: [string, string][] = []) =>
  compileSubject(
    {
      nationality,
      clearances: clearances.map(([policy, classification]) => ({ policy, classification })),
      categoryValues: [],
    },
    registry,
  );
const ids = (list: readonly { id: string }[]) => list.map((d) => d.id.replace('urn:uuid:', ''));

test('visibleDatasets() shows each participant only what is releasable to it', () => {
  assert.deepEqual(ids(visibleDatasets({ datasets, requester: participant('FRA'), registry })), [
    'nato-unclass',
    'fra-deu-secret',
    'fra-only',
    'eu-restricted',
  ]);
  assert.deepEqual(ids(visibleDatasets({ datasets, requester: participant('DEU'), registry })), [
    'nato-unclass',
    'fra-deu-secret',
    'eu-restricted',
  ]);
  assert.deepEqual(ids(visibleDatasets({ datasets, requester: participant('USA'), registry })), [
    'nato-unclass',
  ]);
  assert.deepEqual(ids(visibleDatasets({ datasets, requester: participant('AUT'), registry })), [
    'eu-restricted',
  ]);
});

test('visibleDatasets() also checks facility clearances when the participant declares them', () => {
  const cleared = participant('DEU', [['DEU', 'VS-VERTRAULICH']]);
  assert.deepEqual(ids(visibleDatasets({ datasets, requester: cleared, registry })), [
    'nato-unclass',
    'eu-restricted',
  ]);
});

test('a dataset whose label the registry cannot read is never listed', () => {
  for (const nation of ['FRA', 'USA', 'NATO']) {
    const listed = ids(visibleDatasets({ datasets, requester: participant(nation), registry }));
    assert.ok(!listed.includes('unknown-policy'), nation);
  }
});

test('visibleDataset() answers a hidden dataset exactly like a missing one', () => {
  const hidden = datasets[2];
  assert.equal(visibleDataset({ dataset: hidden, requester: participant('DEU'), registry }), undefined);
  assert.equal(visibleDataset({ dataset: undefined, requester: participant('DEU'), registry }), undefined);
  assert.equal(visibleDataset({ dataset: hidden, requester: participant('FRA'), registry }), hidden);
});

test('nothing listed to a participant is unreleasable to it, whatever the labels', () => {
  const nations = ['FRA', 'DEU', 'ITA', 'USA', 'AUT', 'EUE', 'NATO', 'GBR'];
  const labelled = fc.record({
    nation: fc.constantFrom(...nations),
    releasable: fc.subarray([...nations, 'EU'], { minLength: 1 }),
    level: fc.constantFrom('NATO UNCLASSIFIED', 'NATO RESTRICTED', 'NATO SECRET'),
  });
  fc.assert(
    fc.property(fc.array(labelled, { maxLength: 8 }), fc.constantFrom(...nations), (specs, requester) => {
      const list = specs.map((s, i) => ({
        ...datasets[0]!,
        id: `urn:uuid:${i}`,
        label: {
          ...datasets[0]!.label,
          classification: s.level,
          categories: [{ tagName: 'Releasable To', type: 'PERMISSIVE' as const, values: s.releasable }],
        },
      }));
      const subject: LabelSubject = { nationality: requester, clearances: [], categoryValues: [] };
      const visible = visibleDatasets({
        datasets: list,
        requester: compileSubject(subject, registry),
        registry,
      });
      for (const d of list) {
        const releasable = checkLabelAccess(
          subject,
          { ...d.label, classification: 'NATO UNCLASSIFIED' },
          registry,
        ).ok;
        assert.equal(
          visible.includes(d),
          releasable,
          `${requester} ${d.label.categories[0]?.values.join(',')}`,
        );
      }
    }),
    { numRuns: 300 },
  );
});

test('catalogDocument() and datasetDocument() validate against the DSP 2025-1 schemas', () => {
  const visible = visibleDatasets({ datasets, requester: participant('FRA'), registry });
  const catalog = catalogDocument({
    id: 'urn:uuid:catalog-fra',
    participantId: 'urn:foedera:participant:FRA-MOD',
    service,
    datasets: visible,
  });
  const valid = validateDspMessage('Catalog', catalog);
  assert.ok(valid.ok, valid.ok ? '' : valid.detail);
  const one = validateDspMessage('Dataset', datasetDocument(visible[1]!, service));
  assert.ok(one.ok, one.ok ? '' : one.detail);
  assert.equal(JSON.stringify(catalog).includes('Legacy data'), false);
});

test('an empty visible catalog is still a valid DSP catalog and says nothing of hidden datasets', () => {
  const catalog = catalogDocument({ id: 'urn:uuid:c', participantId: 'urn:p', service, datasets: [] });
  assert.ok(validateDspMessage('Catalog', catalog).ok);
  assert.equal('dataset' in catalog, false);
});

test('readDspCatalog() reads back what catalogDocument() wrote, label and all', () => {
  const visible = visibleDatasets({ datasets, requester: participant('FRA'), registry });
  const json = JSON.parse(
    JSON.stringify(catalogDocument({ id: 'urn:uuid:c', participantId: 'urn:p', service, datasets: visible })),
  );
  const read = readDspCatalog(json, { peer: 'urn:foedera:participant:FRA-MOD', fetchedAt: new Date() });
  assert.ok(read.ok);
  assert.deepEqual(read.value.datasets, visible);
  assert.deepEqual(read.value.skipped, []);
  assert.equal(read.value.endpoint, service.endpointURL);
});

test('a dataset with content shows its encrypted object as DSP-valid distributions served by the data plane', () => {
  const [first, second] = datasets;
  const object = {
    byteSize: 4_194_336,
    accessService: {
      id: 'urn:foedera:dataplane:FRA',
      endpointURL: 'https://fra.node.example:8443/dataplane',
    },
  };
  const catalog = JSON.parse(
    JSON.stringify(
      catalogDocument({
        id: 'urn:uuid:c',
        participantId: 'urn:p',
        service,
        datasets: [first!, second!],
        objects: new Map([[first!.id, object]]),
      }),
    ),
  );
  assert.ok(validateDspMessage('Catalog', catalog).ok);
  const added = catalog.dataset[0].distribution.slice(first!.distributions.length);
  assert.deepEqual(
    added.map((d: Record<string, unknown>) => [
      d.format,
      d['dcat:mediaType'],
      d['dcat:byteSize'],
      d.accessService,
    ]),
    OBJECT_TRANSFER_FORMATS.map((format) => [
      format,
      ENCRYPTED_OBJECT_MEDIA_TYPE,
      4_194_336,
      {
        '@id': 'urn:foedera:dataplane:FRA',
        '@type': 'DataService',
        endpointURL: object.accessService.endpointURL,
      },
    ]),
  );
  assert.equal(catalog.dataset[1].distribution.length, second!.distributions.length, 'no content, no object');
  const one = datasetDocument(first!, service, object);
  assert.ok(validateDspMessage('Dataset', JSON.parse(JSON.stringify(one))).ok);
  // A peer reading the catalog keeps the object apart from the publisher's own distributions.
  const read = readDspCatalog(catalog, { peer: 'urn:p', fetchedAt: new Date() });
  assert.ok(read.ok);
  assert.deepEqual(read.value.datasets[0], {
    ...first,
    object: { byteSize: 4_194_336, formats: [...OBJECT_TRANSFER_FORMATS] },
  });
});

test('readDspCatalog() names no endpoint when the catalog has no HTTPS DataService', () => {
  const json = JSON.parse(
    JSON.stringify(catalogDocument({ id: 'urn:uuid:c', participantId: 'urn:p', service, datasets: [] })),
  );
  json.service[0].endpointURL = 'ftp://fra.node.example/dsp';
  const read = readDspCatalog(json, { peer: 'urn:p', fetchedAt: new Date() });
  assert.ok(read.ok);
  assert.equal(read.value.endpoint, undefined);
});

test('readDspCatalog() skips datasets without a readable label and refuses an invalid catalog', () => {
  const json = JSON.parse(
    JSON.stringify(
      catalogDocument({ id: 'urn:uuid:c', participantId: 'urn:p', service, datasets: datasets.slice(0, 2) }),
    ),
  );
  delete json.dataset[0]['https://w3id.org/foedera/ns#confidentialityLabel'];
  json.dataset[1]['https://w3id.org/foedera/ns#confidentialityLabel']['@value'].creationTime = 'yesterday';
  const read = readDspCatalog(json, { peer: 'urn:p', fetchedAt: new Date() });
  assert.ok(read.ok);
  assert.deepEqual(read.value.datasets, []);
  assert.match(read.value.skipped[0]?.reason ?? '', /carries no confidentiality label/);
  assert.match(read.value.skipped[1]?.reason ?? '', /creationTime must be an RFC 3339/);
  const invalid = readDspCatalog({ '@type': 'Catalog' }, { peer: 'urn:p', fetchedAt: new Date() });
  assert.equal(invalid.ok, false);
});

const entries = datasets.map((dataset) => ({ dataset, peer: 'urn:foedera:participant:FRA-MOD' }));
const search = (query: Parameters<typeof searchCatalog>[1]) =>
  ids(searchCatalog(entries, query, registry).map((e) => e.dataset));

test('searchCatalog() finds by text regardless of case and accents', () => {
  assert.deepEqual(search({ text: 'reseau DEPOTS' }), ['fra-only']);
  assert.deepEqual(search({ text: 'fuel' }), ['nato-unclass']);
});

test('searchCatalog() filters by publisher, format and media type', () => {
  assert.deepEqual(search({ publisher: 'urn:foedera:participant:FRA-DGA' }), ['fra-only']);
  assert.deepEqual(search({ format: 'httpdata-push' }), ['fra-deu-secret']);
  assert.deepEqual(search({ format: 'text/csv' }), ['fra-deu-secret']);
});

test('searchCatalog() filters by classification ceiling through equivalences and by releasability', () => {
  assert.deepEqual(
    search({ maxClassification: { policy: 'DEU', classification: 'VS-NUR FÜR DEN DIENSTGEBRAUCH' } }),
    ['nato-unclass', 'fra-only', 'eu-restricted'],
  );
  assert.deepEqual(search({ releasableTo: 'DEU' }), ['nato-unclass', 'fra-deu-secret', 'eu-restricted']);
  assert.deepEqual(search({ releasableTo: 'DEU', requester: participant('USA') }), ['nato-unclass']);
});
