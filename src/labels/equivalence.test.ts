import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alternativeLabel, equivalentClassification, withAlternative } from './equivalence.ts';
import type { ConfidentialityLabel } from './label.ts';
import { defaultPolicyRegistry as registry } from './policy-registry.ts';

const eq = (policy: string, classification: string, target: string) => {
  const result = equivalentClassification({ policy, classification }, target, registry);
  return result.ok ? result.value : result.reason;
};

test('equivalentClassification() maps national, EU and NATO levels both ways', () => {
  assert.equal(eq('FRA', 'SECRET', 'NATO'), 'NATO SECRET');
  assert.equal(eq('NATO', 'NATO SECRET', 'FRA'), 'SECRET');
  assert.equal(eq('DEU', 'VS-NUR FÜR DEN DIENSTGEBRAUCH', 'EU'), 'RESTREINT UE/EU RESTRICTED');
  assert.equal(eq('EU', 'TRES SECRET UE/EU TOP SECRET', 'POL'), 'ŚCIŚLE TAJNE');
  assert.equal(eq('ITA', 'RISERVATISSIMO', 'SWE'), 'KONFIDENTIELL');
  assert.equal(eq('NLD', 'Stg. GEHEIM', 'ESP'), 'RESERVADO');
  assert.equal(eq('BEL', 'SECRET/GEHEIM', 'DEU'), 'GEHEIM');
});

test('equivalentClassification() rounds up where the target has no level of the same rank', () => {
  assert.equal(eq('NATO', 'NATO CONFIDENTIAL', 'FRA'), 'SECRET');
  assert.equal(eq('DEU', 'VS-VERTRAULICH', 'FRA'), 'SECRET');
});

test('equivalentClassification() refuses unknown policies and levels rather than guessing', () => {
  assert.equal(eq('USA', 'SECRET', 'NATO'), 'unknown-policy');
  assert.equal(eq('NATO', 'NATO SECRET', 'USA'), 'unknown-policy');
  assert.equal(eq('NATO', 'SECRET', 'FRA'), 'unknown-classification');
  assert.equal(eq('FRA', 'CONFIDENTIEL DÉFENSE', 'NATO'), 'unknown-classification');
});

test('alternativeLabel() adds an equivalent label and never changes the originator label', () => {
  const original: ConfidentialityLabel = {
    policy: 'DEU',
    classification: 'GEHEIM',
    categories: [{ tagName: 'Releasable To', type: 'PERMISSIVE', values: ['DEU', 'FRA'] }],
    originator: 'urn:foedera:participant:DEU-BMVG',
    creationTime: '2026-11-26T05:00:00Z',
  };
  const alternative = alternativeLabel(original, registry, {
    policy: 'NATO',
    originator: 'urn:foedera:participant:NATO-NCIA',
    now: new Date('2026-11-26T06:00:00Z'),
  });
  assert.ok(alternative.ok);
  assert.equal(alternative.value.classification, 'NATO SECRET');
  const labelled = withAlternative(original, alternative.value);
  assert.deepEqual({ ...labelled, alternatives: undefined }, { ...original, alternatives: undefined });
  assert.deepEqual(labelled.alternatives, [alternative.value]);
  const special = {
    ...original,
    policy: 'NATO',
    classification: 'NATO SECRET',
    categories: [
      { tagName: 'Special Category Designator', type: 'RESTRICTIVE' as const, values: ['ATOMAL'] },
    ],
  };
  const refused = alternativeLabel(special, registry, { policy: 'FRA', originator: 'x', now: new Date() });
  assert.equal(!refused.ok && refused.reason, 'unknown-category');
});
