import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readCard } from './card.ts';
import { cardFacets, hasField } from './facets.ts';
import { parseContentSize } from './content-size.ts';
import { changed, vehicleCard } from './_testing/cards.ts';

const fieldOf = (input: unknown, prefix?: string): string => {
  const read = readCard(input, prefix === undefined ? {} : { prefix });
  return read.ok ? '(accepted)' : read.field;
};

test('a complete Croissant 1.1 card is accepted', () => {
  const read = readCard(vehicleCard());
  assert.ok(read.ok, read.ok ? '' : read.detail);
});

test('a malformed card is refused naming the field', () => {
  const card = vehicleCard();
  assert.equal(
    fieldOf(changed(card, ['recordSet', 1, 'field', 2, 'dataType'], 'sc:Strng')),
    'recordSet[1].field[2].dataType',
  );
  assert.equal(
    fieldOf(changed(card, ['recordSet', 1, 'field', 2, 'dataType'], 7)),
    'recordSet[1].field[2].dataType',
  );
  assert.equal(
    fieldOf(changed(card, ['recordSet', 1, 'field', 2, 'dataType'], undefined)),
    'recordSet[1].field[2].dataType',
  );
  assert.equal(
    fieldOf(changed(card, ['recordSet', 1, 'field', 3, 'dataType', 1], 'xx:Q1')),
    'recordSet[1].field[3].dataType[1]',
  );
  assert.equal(fieldOf(changed(card, ['name'], undefined)), 'name');
  assert.equal(fieldOf(changed(card, ['license'], undefined)), 'license');
  assert.equal(fieldOf(changed(card, ['conformsTo'], 'http://example.org/other')), 'conformsTo');
  assert.equal(
    fieldOf(changed(card, ['distribution', 0, 'contentSize'], 'large')),
    'distribution[0].contentSize',
  );
  assert.equal(fieldOf(changed(card, ['distribution', 0, 'sha256'], 'abc')), 'distribution[0].sha256');
  assert.equal(fieldOf(changed(card, ['distribution', 2, '@type'], 'cr:File')), 'distribution[2].@type');
  assert.equal(
    fieldOf(changed(card, ['distribution', 2, 'contentUrl'], undefined)),
    'distribution[2].contentUrl',
  );
  assert.equal(
    fieldOf(changed(card, ['distribution', 1, 'containedIn'], { '@id': 'nowhere.tar' })),
    'distribution[1].containedIn',
  );
  assert.equal(
    fieldOf(changed(card, ['recordSet', 1, 'field', 1, 'source', 'fileObject'], { '@id': 'x.csv' })),
    'recordSet[1].field[1].source.fileObject',
  );
  assert.equal(
    fieldOf(changed(card, ['recordSet', 1, 'field', 3, 'references'], { '@id': 'splits/nom' })),
    'recordSet[1].field[3].references',
  );
  assert.equal(
    fieldOf(changed(card, ['recordSet', 1, 'field', 1, '@id'], 'boxes/image')),
    'recordSet[1].field[1].@id',
  );
  assert.equal(fieldOf(changed(card, ['recordSet', 1, 'field'], [])), 'recordSet[1].field');
  assert.equal(fieldOf(changed(card, ['datePublished'], 'last week'), 'card'), 'card.datePublished');
  assert.equal(fieldOf([]), 'card');
  const read = readCard(changed(card, ['recordSet', 1, 'field', 2, 'dataType'], 'sc:Strng'));
  assert.match(
    read.ok ? '' : read.detail,
    /recordSet\[1\]\.field\[2\]\.dataType "sc:Strng" is not a known data type/,
  );
});

test('facets give tasks, modalities, size in bytes, fields and splits', () => {
  const read = readCard(vehicleCard());
  assert.ok(read.ok);
  const facets = cardFacets(read.value);
  assert.deepEqual(facets.tasks, ['object-detection']);
  assert.deepEqual(facets.modalities, ['image']);
  assert.equal(facets.sizeBytes, 2_512_000_000);
  assert.deepEqual(facets.splits, ['train', 'test']);
  assert.ok(hasField(facets, 'bbox'));
  assert.ok(hasField(facets, 'boxes/vehicle_class'));
  assert.ok(!hasField(facets, 'turret'));
  const tabular = changed(
    vehicleCard(),
    ['recordSet', 1, 'field'],
    [
      { '@type': 'cr:Field', '@id': 'boxes/speed', dataType: 'sc:Float' },
      { '@type': 'cr:Field', '@id': 'boxes/label', dataType: 'sc:Text' },
    ],
  );
  const t = readCard(changed(tabular, ['distribution', 1, 'encodingFormat'], 'text/csv'));
  assert.ok(t.ok, t.ok ? '' : t.detail);
  assert.deepEqual(cardFacets(t.value).modalities, ['tabular']);
});

test('content sizes read decimal and binary units, bytes by default', () => {
  assert.equal(parseContentSize('25585843 B'), 25_585_843);
  assert.equal(parseContentSize('1.5 MB'), 1_500_000);
  assert.equal(parseContentSize('2 GiB'), 2 * 2 ** 30);
  assert.equal(parseContentSize('1200'), 1200);
  assert.equal(parseContentSize('12 parsecs'), undefined);
  assert.equal(parseContentSize('-3 B'), undefined);
});

test('a card shaped as common Croissant 1.0 exporters write it is accepted', () => {
  const card = {
    '@context': { '@language': 'en', '@vocab': 'https://schema.org/', cr: 'http://mlcommons.org/croissant/' },
    '@type': 'sc:Dataset',
    conformsTo: 'http://mlcommons.org/croissant/1.0',
    name: 'sensor-series',
    description: 'Counter-drone sensor series',
    license: 'https://choosealicense.com/licenses/cc-by-4.0/',
    url: 'https://data.example.eu/sensor-series',
    creator: { '@type': 'Person', name: 'EDA', url: 'https://eda.europa.eu' },
    datePublished: '2026-03-01T00:00:00',
    distribution: [
      {
        '@type': 'cr:FileObject',
        '@id': 'repo',
        name: 'repo',
        contentUrl: 'https://data.example.eu/sensor-series/tree/main',
        encodingFormat: 'git+https',
        sha256: 'https://github.com/mlcommons/croissant/issues/80',
      },
      {
        '@type': 'cr:FileSet',
        '@id': 'parquet-files',
        containedIn: { '@id': 'repo' },
        encodingFormat: 'application/x-parquet',
        includes: 'default/*/*.parquet',
      },
    ],
    recordSet: [
      {
        '@type': 'cr:RecordSet',
        dataType: 'cr:Split',
        '@id': 'default_splits',
        name: 'default_splits',
        key: { '@id': 'default_splits/split_name' },
        field: [
          {
            '@type': 'cr:Field',
            '@id': 'default_splits/split_name',
            name: 'split_name',
            dataType: 'sc:Text',
          },
        ],
        data: [{ 'default_splits/split_name': 'train' }, { 'default_splits/split_name': 'test' }],
      },
      {
        '@type': 'cr:RecordSet',
        '@id': 'default',
        name: 'default',
        field: [
          {
            '@type': 'cr:Field',
            '@id': 'default/split',
            dataType: 'sc:Text',
            source: { fileSet: { '@id': 'parquet-files' }, extract: { fileProperty: 'fullpath' } },
            references: { field: { '@id': 'default_splits/split_name' } },
          },
          {
            '@type': 'cr:Field',
            '@id': 'default/rcs',
            dataType: 'sc:Float',
            source: { fileSet: { '@id': 'parquet-files' }, extract: { column: 'rcs' } },
          },
        ],
      },
    ],
  };
  const read = readCard(card);
  assert.ok(read.ok, read.ok ? '' : read.detail);
  const facets = cardFacets(read.value);
  assert.deepEqual(facets.splits, ['train', 'test']);
  assert.deepEqual(facets.modalities, ['tabular']);
  const broken = changed(card, ['recordSet', 1, 'field', 0, 'references'], {
    field: { '@id': 'default_splits/nom' },
  });
  assert.equal(fieldOf(broken), 'recordSet[1].field[0].references');
});
