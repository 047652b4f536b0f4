import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { checkLabelAccess } from './access.ts';
import { dominates } from './dominance.ts';
import type { ConfidentialityLabel, LabelCategory } from './label.ts';
import { defaultPolicyRegistry as registry } from './policy-registry.ts';
import { labelArbitrary, subjectArbitrary } from './_testing/arbitraries.ts';

const label = (
  policy: string,
  classification: string,
  categories: LabelCategory[] = [],
): ConfidentialityLabel => ({
  policy,
  classification,
  categories,
  originator: 'urn:foedera:participant:DEU-BMVG',
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

test('dominates() compares levels across policies through the equivalence table', () => {
  assert.equal(holds(label('DEU', 'GEHEIM'), label('NATO', 'NATO SECRET')), true);
  assert.equal(holds(label('NATO', 'NATO SECRET'), label('DEU', 'GEHEIM')), true);
  assert.equal(holds(label('DEU', 'VS-VERTRAULICH'), label('NATO', 'NATO SECRET')), false);
  assert.equal(holds(label('FRA', 'SECRET'), label('EU', 'CONFIDENTIEL UE/EU CONFIDENTIAL')), true);
});

test('dominates() requires narrower releasability and more restrictive values', () => {
  const wide = label('NATO', 'NATO SECRET', [rel('NATO'), coi('COI-A')]);
  assert.equal(holds(label('NATO', 'NATO SECRET', [rel('FRA', 'DEU'), coi('COI-A', 'COI-B')]), wide), true);
  assert.equal(holds(label('NATO', 'NATO SECRET', [rel('FRA', 'AUT'), coi('COI-A')]), wide), false);
  assert.equal(holds(label('NATO', 'NATO SECRET', [coi('COI-A')]), wide), false, 'no releasability is wider');
  assert.equal(
    holds(label('NATO', 'NATO SECRET', [rel('FRA')]), wide),
    false,
    'a restrictive value is dropped',
  );
  assert.equal(
    holds(wide, label('NATO', 'NATO SECRET', [rel('FRA')])),
    false,
    'a group is wider than a nation',
  );
});

test('dominates() refuses to compare a label it cannot interpret', () => {
  const result = dominates(label('NATO', 'SECRET'), label('NATO', 'NATO SECRET'), registry);
  assert.equal(result.ok, false);
  assert.equal(!result.ok && result.reason, 'unknown-classification');
});

test('dominance is reflexive', () => {
  fc.assert(fc.property(labelArbitrary(registry), (l) => holds(l, l)));
});

test('dominance is transitive', () => {
  // Derive b from a and c from b by narrowing, so that the premise holds often, and mix in unrelated triples.
  fc.assert(
    fc.property(labelArbitrary(registry), labelArbitrary(registry), labelArbitrary(registry), (a, b, c) => {
      if (holds(a, b) && holds(b, c)) assert.equal(holds(a, c), true);
    }),
    { numRuns: 3000 },
  );
  let chains = 0;
  fc.assert(
    fc.property(labelArbitrary(registry, { policies: ['NATO', 'DEU', 'EU'] }), (base) => {
      const b = { ...base, categories: base.categories.filter((c) => c.type !== 'RESTRICTIVE') };
      const c = { ...b, categories: b.categories.filter((cat) => cat.type !== 'PERMISSIVE') };
      for (const a of [base, b]) {
        if (holds(a, b) && holds(b, c)) {
          chains++;
          assert.equal(holds(a, c), true);
        }
      }
    }),
    { numRuns: 500 },
  );
  assert.ok(chains > 100, `only ${chains} chains`);
});

test('a subject that may access a label may access every label it dominates', () => {
  fc.assert(
    fc.property(subjectArbitrary(registry), labelArbitrary(registry), labelArbitrary(registry), (s, a, b) => {
      if (holds(a, b) && checkLabelAccess(s, a, registry).ok)
        assert.equal(checkLabelAccess(s, b, registry).ok, true);
    }),
    { numRuns: 3000 },
  );
});
