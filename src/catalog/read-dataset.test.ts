import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultPolicyRegistry as registry } from '../labels/index.ts';
import { readDatasetInput } from './read-dataset.ts';
import { dataset, service } from './_testing/fixtures.ts';

const options = {
  registry,
  service,
  publisher: 'urn:foedera:participant:FRA-MOD',
  now: new Date('2026-11-26T06:00:00Z'),
};
const input = () => JSON.parse(JSON.stringify(dataset('input'))) as Record<string, unknown>;

test('readDatasetInput() accepts a complete dataset as it is', () => {
  assert.deepEqual(readDatasetInput(input(), options), { ok: true, value: dataset('input') });
});

test('readDatasetInput() fills publisher and times from the node and the clock', () => {
  const raw = input();
  delete raw.publisher;
  delete raw.issued;
  delete raw.modified;
  const read = readDatasetInput(raw, options);
  assert.ok(read.ok);
  assert.equal(read.value.publisher, options.publisher);
  assert.equal(read.value.issued, '2026-11-26T06:00:00.000Z');
});

test('readDatasetInput() refuses bad input and names the field', () => {
  const cases: [(raw: Record<string, unknown>) => void, string, RegExp][] = [
    [(r) => (r.id = 'not an iri'), 'id', /absolute IRI/],
    [(r) => (r.title = ''), 'title', /non-empty/],
    [(r) => (r.extra = 1), 'extra', /not a dataset field/],
    [(r) => (r.distributions = []), 'distributions', /at least one/],
    [
      (r) => ((r.distributions as object[])[0] = { format: 'X', byteSize: -1 }),
      'distributions[0].byteSize',
      /non-negative/,
    ],
    [(r) => (r.offers = []), 'offers', /at least one/],
    [(r) => (r.offers = [{ permission: [] }]), 'offers[0]', /@id/],
    [
      (r) => ((r.label as Record<string, unknown>).classification = 3),
      'label.classification',
      /must be a string/,
    ],
    [(r) => ((r.label as Record<string, unknown>).policy = 'USA'), 'label', /policy "USA" is unknown/],
    [(r) => (r.labelBinding = { version: 1 }), 'labelBinding', /must be a label binding/],
    [(r) => (r.modified = 'Tuesday'), 'modified', /RFC 3339/],
  ];
  for (const [mutate, field, message] of cases) {
    const raw = input();
    mutate(raw);
    const read = readDatasetInput(raw, options);
    assert.equal(read.ok, false, field);
    if (!read.ok) {
      assert.equal(read.field, field, read.detail);
      assert.match(read.detail, message);
      assert.ok(read.detail.startsWith(`Cannot accept dataset: ${field} `), read.detail);
    }
  }
});
