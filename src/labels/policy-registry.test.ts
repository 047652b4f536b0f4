import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EU_POLICY } from './policies/eu-nato.ts';
import { DEFAULT_GROUPS } from './policies/groups.ts';
import { createPolicyRegistry, defaultPolicyRegistry } from './policy-registry.ts';

test('the default registry ships EU, NATO and eight national policies, each with an equivalence and a source', () => {
  const ids = defaultPolicyRegistry.policies.map((p) => p.id);
  assert.deepEqual(ids, ['EU', 'NATO', 'FRA', 'DEU', 'ITA', 'ESP', 'NLD', 'POL', 'BEL', 'SWE']);
  for (const policy of defaultPolicyRegistry.policies) {
    assert.ok(policy.hasEquivalence, policy.id);
    assert.match(policy.definition.source, /\S/);
  }
  assert.equal(defaultPolicyRegistry.groups.get('NATO')?.size, 33);
  assert.equal(defaultPolicyRegistry.groups.get('EU')?.size, 28);
});

const withLevels = (levels: typeof EU_POLICY.levels) =>
  createPolicyRegistry({ policies: [{ ...EU_POLICY, levels }], groups: DEFAULT_GROUPS });

test('createPolicyRegistry() refuses ranks that do not increase, partial equivalence and duplicates', () => {
  assert.throws(
    () =>
      withLevels([
        { name: 'A', equivalent: 1, clearanceRequired: true },
        { name: 'B', equivalent: 1, clearanceRequired: true },
      ]),
    {
      code: 'invalid-input',
      message: 'Cannot register policy "EU": level "B" does not rank above the one below it',
    },
  );
  assert.throws(
    () =>
      withLevels([
        { name: 'A', equivalent: 1, clearanceRequired: true },
        { name: 'B', clearanceRequired: true },
      ]),
    /either every level has an equivalent rank or none has/,
  );
  assert.throws(
    () =>
      withLevels([
        { name: 'A', clearanceRequired: true },
        { name: 'A', clearanceRequired: true },
      ]),
    /level "A" appears twice/,
  );
  assert.throws(
    () => createPolicyRegistry({ policies: [EU_POLICY, EU_POLICY], groups: [] }),
    /Cannot register policy "EU" twice/,
  );
});

test('createPolicyRegistry() refuses inconsistent categories and bad group codes', () => {
  assert.throws(
    () =>
      createPolicyRegistry({
        policies: [
          {
            ...EU_POLICY,
            categories: [
              { tagName: 'Caveat', type: 'RESTRICTIVE', match: 'nationality', values: 'country-codes' },
            ],
          },
        ],
        groups: [],
      }),
    /cannot be RESTRICTIVE matched by nationality/,
  );
  assert.throws(
    () =>
      createPolicyRegistry({
        policies: [
          {
            ...EU_POLICY,
            categories: [
              { tagName: 'A', type: 'RESTRICTIVE', match: 'subject-values', values: ['X'] },
              { tagName: 'B', type: 'PERMISSIVE', match: 'subject-values', values: ['X'] },
            ],
          },
        ],
        groups: [],
      }),
    /value "X" belongs to both "A" and "B"/,
  );
  assert.throws(
    () => createPolicyRegistry({ policies: [], groups: [{ code: 'FVY', members: [], source: '' }] }),
    {
      field: 'groups[0]',
    },
  );
});
