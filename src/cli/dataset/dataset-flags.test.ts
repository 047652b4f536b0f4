import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidInputError } from '../../shared/errors.ts';
import { datasetFromFlags, type DatasetFlags } from './dataset-flags.ts';

const originator = 'urn:foedera:participant:FRA';
const minimal: DatasetFlags = { keyword: [], format: ['HttpData-PULL'], category: [], title: 'Fuel' };
const flags = (extra: Partial<DatasetFlags>): DatasetFlags => ({
  ...minimal,
  onwardTransfer: true,
  classification: 'NATO:NATO SECRET',
  releasableTo: 'FRA,DEU',
  ...extra,
});

const rejects = (promise: Promise<unknown>, field: string, message: RegExp) =>
  assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof InvalidInputError);
    assert.equal(error.field, field);
    assert.match(error.message, message);
    return true;
  });

test('datasetFromFlags() builds label and offer from flags', async () => {
  const body = await datasetFromFlags(
    flags({ purpose: 'logistics-planning', maxUses: '3', onwardTransfer: false, offerId: 'urn:uuid:o-1' }),
    { originator, create: true },
  );
  assert.match(body.id, /^urn:uuid:/);
  assert.deepEqual(body.label, {
    policy: 'NATO',
    classification: 'NATO SECRET',
    originator,
    creationTime: (body.label as { creationTime: string }).creationTime,
    categories: [{ tagName: 'Releasable To', type: 'PERMISSIVE', values: ['FRA', 'DEU'] }],
  });
  assert.deepEqual(body.offers, [
    {
      '@id': 'urn:uuid:o-1',
      '@type': 'Offer',
      permission: [
        {
          action: 'use',
          constraint: [
            { leftOperand: 'purpose', operator: 'eq', rightOperand: 'logistics-planning' },
            { leftOperand: 'count', operator: 'lteq', rightOperand: '3' },
            { leftOperand: 'foedera:noOnwardTransfer', operator: 'eq', rightOperand: 'true' },
          ],
        },
      ],
    },
  ]);
});

test('datasetFromFlags() names the flag a bad label field came from', async () => {
  await rejects(
    datasetFromFlags(flags({ classification: 'NATO:TOP' }), { originator, create: true }),
    'classification',
    /^Invalid --classification "NATO:TOP": .*"TOP" is not a level of policy "NATO"/,
  );
  await rejects(
    datasetFromFlags(flags({ releasableTo: 'fr' }), { originator, create: true }),
    'releasable-to',
    /^Invalid --releasable-to "fr": /,
  );
  await rejects(
    datasetFromFlags(flags({ classification: 'SECRET' }), { originator, create: true }),
    'classification',
    /expected POLICY:LEVEL/,
  );
});

test('datasetFromFlags() refuses a dataset without distribution, title or label, naming the flag', async () => {
  await rejects(
    datasetFromFlags(flags({ format: [] }), { originator, create: true }),
    'format',
    /^Missing --format/,
  );
  await rejects(
    datasetFromFlags(flags({ title: '' }), { originator, create: true }),
    'title',
    /^Invalid --title "": dataset field "title" must be a non-empty string/,
  );
  await rejects(
    datasetFromFlags(minimal, { originator, create: true }),
    'classification',
    /^Missing --classification/,
  );
});

test('datasetFromFlags() on update keeps the fields not given and drops the old label binding', async () => {
  const base = await datasetFromFlags(flags({}), { originator, create: true });
  const updated = await datasetFromFlags(
    { keyword: [], format: [], category: [], releasableTo: 'FRA,DEU,ITA' },
    { base: { ...base, labelBinding: { stale: true } }, originator, create: false },
  );
  assert.equal(updated.title, 'Fuel');
  assert.equal(updated.labelBinding, undefined);
  assert.deepEqual((updated.label as { categories: unknown[] }).categories, [
    { tagName: 'Releasable To', type: 'PERMISSIVE', values: ['FRA', 'DEU', 'ITA'] },
  ]);
});
