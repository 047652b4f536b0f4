import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { dominates } from './dominance.ts';
import { highWaterMark } from './high-water-mark.ts';
import type { ConfidentialityLabel, LabelCategory } from './label.ts';
import { defaultPolicyRegistry as registry } from './policy-registry.ts';
import { labelArbitrary } from './_testing/arbitraries.ts';

const now = new Date('2026-11-26T06:00:00.000Z');
const options = { policy: 'NATO', originator: 'urn:foedera:participant:EDA', now };
const label = (
  policy: string,
  classification: string,
  categories: LabelCategory[] = [],
): ConfidentialityLabel => ({
  policy,
  classification,
  categories,
  originator: 'urn:foedera:participant:FRA-MOD',
  creationTime: '2026-11-26T05:00:00Z',
});
const rel = (...values: string[]): LabelCategory => ({
  tagName: 'Releasable To',
  type: 'PERMISSIVE',
  values,
});
const coi = (...values: string[]): LabelCategory => ({
  tagName: 'Community of Interest',
  type: 'RESTRICTIVE',
  values,
});

const holds = (a: ConfidentialityLabel, b: ConfidentialityLabel): boolean => {
  const result = dominates(a, b, registry);
  assert.ok(result.ok, result.ok ? '' : result.detail);
  return result.value;
};

test('highWaterMark() takes the highest level, intersects releasability and unites restrictive values', () => {
  const result = highWaterMark(
    [
      label('DEU', 'GEHEIM', [rel('NATO'), coi('COI-A')]),
      label('FRA', 'DIFFUSION RESTREINTE', [rel('FRA', 'DEU', 'AUT'), coi('COI-B')]),
      label('EU', 'CONFIDENTIEL UE/EU CONFIDENTIAL', [rel('EU')]),
    ],
    registry,
    options,
  );
  assert.deepEqual(result, {
    ok: true,
    value: {
      policy: 'NATO',
      classification: 'NATO SECRET',
      categories: [rel('DEU', 'FRA'), coi('COI-A', 'COI-B')],
      originator: 'urn:foedera:participant:EDA',
      creationTime: '2026-11-26T06:00:00.000Z',
    },
  });
});

test('highWaterMark() keeps the nations that two groups share', () => {
  const result = highWaterMark(
    [label('NATO', 'NATO RESTRICTED', [rel('NATO')]), label('EU', 'UNCLASSIFIED', [rel('EU')])],
    registry,
    options,
  );
  assert.ok(result.ok);
  const values = result.value.categories[0]?.values ?? [];
  assert.equal(values.length, 23, values.join(' '));
  assert.ok(values.includes('FRA') && !values.includes('USA') && !values.includes('AUT'));
});

test('highWaterMark() rounds up to the next level where the target policy has no equivalent one', () => {
  const result = highWaterMark([label('EU', 'CONFIDENTIEL UE/EU CONFIDENTIAL')], registry, {
    ...options,
    policy: 'FRA',
  });
  assert.equal(result.ok && result.value.classification, 'SECRET');
});

test('highWaterMark() refuses no labels, an unknown target and a category the target does not define', () => {
  assert.equal(highWaterMark([], registry, options).ok, false);
  const unknown = highWaterMark([label('EU', 'UNCLASSIFIED')], registry, { ...options, policy: 'XYZ' });
  assert.equal(!unknown.ok && unknown.reason, 'unknown-policy');
  const special = {
    tagName: 'Special Category Designator',
    type: 'RESTRICTIVE' as const,
    values: ['ATOMAL'],
  };
  const category = highWaterMark([label('NATO', 'NATO SECRET', [special])], registry, {
    ...options,
    policy: 'EU',
  });
  assert.equal(!category.ok && category.reason, 'unknown-category');
});

// NATO's special category designators have no counterpart under the other policies (refused above), so inputs
// keep to the categories every shipped policy defines.
const common = labelArbitrary(registry, { policies: ['EU', 'NATO', 'DEU', 'FRA', 'ITA'] }).map((l) => ({
  ...l,
  categories: l.categories.filter((c) => c.tagName !== 'Special Category Designator'),
}));
const inputs = fc.array(common, { minLength: 1, maxLength: 4 });

test('the high-water mark dominates every input', () => {
  fc.assert(
    fc.property(inputs, fc.constantFrom('EU', 'NATO', 'DEU'), (labels, policy) => {
      const mark = highWaterMark(labels, registry, { ...options, policy });
      assert.ok(mark.ok, mark.ok ? '' : mark.detail);
      for (const input of labels) assert.equal(holds(mark.value, input), true);
    }),
    { numRuns: 1000 },
  );
});

test('the high-water mark is dominated by every label that dominates every input', () => {
  let candidates = 0;
  fc.assert(
    fc.property(inputs, labelArbitrary(registry, { policies: ['EU', 'NATO', 'DEU'] }), (labels, other) => {
      const mark = highWaterMark(labels, registry, { ...options, policy: other.policy });
      assert.ok(mark.ok);
      if (labels.every((input) => holds(other, input))) {
        candidates++;
        assert.equal(holds(other, mark.value), true);
      }
      // The mark itself is such a label, so the property is exercised on every run at least once.
      assert.equal(holds(mark.value, mark.value), true);
    }),
    { numRuns: 3000 },
  );
  fc.assert(
    fc.property(inputs, (labels) => {
      const mark = highWaterMark(labels, registry, options);
      assert.ok(mark.ok);
      // Narrow the mark further: still dominating every input, so it must dominate the mark.
      const narrower = {
        ...mark.value,
        categories: [
          ...mark.value.categories.filter((c) => c.tagName !== 'Community of Interest'),
          coi('COI-ALPHA', 'COI-BRAVO', 'COI-CHARLIE', 'COI-Z'),
        ],
      };
      if (labels.every((input) => holds(narrower, input))) {
        candidates++;
        assert.equal(holds(narrower, mark.value), true);
      }
    }),
    { numRuns: 500 },
  );
  assert.ok(candidates > 100, `only ${candidates} dominating candidates`);
});
