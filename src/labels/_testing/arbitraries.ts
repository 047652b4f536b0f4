/** fast-check generators of valid labels and subjects over a registry, shared by the labels module's tests. */
import fc from 'fast-check';
import { checkLabelString } from '../codec/label-shape.ts';
import type { ConfidentialityLabel, LabelCategory } from '../label.ts';
import type { PolicyRegistry, RegisteredPolicy } from '../policy-registry.ts';
import type { LabelClearance, LabelSubject } from '../subject.ts';

export const NATIONS = [
  'FRA',
  'DEU',
  'ITA',
  'ESP',
  'NLD',
  'POL',
  'BEL',
  'SWE',
  'USA',
  'GBR',
  'AUT',
  'EUE',
  'NATO',
];
const COUNTRY_VALUES = [...NATIONS.filter((n) => n !== 'NATO'), 'NATO', 'EU'];
const OPEN_POOLS: Record<string, readonly string[]> = {
  'Community of Interest': ['COI-ALPHA', 'COI-BRAVO', 'COI-CHARLIE'],
  'Special Handling': ['SH-ORCON', 'SH-PROPIN', 'SH-NOCONTRACT'],
  Administrative: ['STAFF', 'COMMERCIAL', 'MEDICAL'],
};
export const HELD_VALUES = [...new Set([...Object.values(OPEN_POOLS).flat(), 'ATOMAL', 'CRYPTO', 'BOHEMIA'])];

/** Markings as the codecs accept them, drawn from all of Unicode so that escaping is exercised. */
export const markingText = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' }),
    fc.constantFrom('A & B', '<STAFF>', '"quoted"', "l'été", ']]>', 'NATO/EU', 'a  b'),
  )
  .filter((s) => checkLabelString(s) === undefined);
const time = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

function valuesFor(policy: RegisteredPolicy, tagName: string): readonly string[] {
  const definition = policy.categories.get(tagName);
  if (definition === undefined) return [];
  if (definition.values === 'country-codes') return COUNTRY_VALUES;
  if (definition.values === 'open') return OPEN_POOLS[tagName] ?? ['OPEN-VALUE'];
  return definition.values;
}

export function categoryArbitrary(policy: RegisteredPolicy): fc.Arbitrary<LabelCategory[]> {
  const tags = [...policy.categories.values()];
  return fc
    .subarray(tags)
    .chain((chosen) =>
      fc.tuple(
        ...chosen.map((definition) =>
          fc
            .subarray([...valuesFor(policy, definition.tagName)], { minLength: 1 })
            .map((values): LabelCategory => ({ tagName: definition.tagName, type: definition.type, values })),
        ),
      ),
    );
}

export function labelArbitrary(
  registry: PolicyRegistry,
  options: { policies?: readonly string[]; alternatives?: boolean } = {},
): fc.Arbitrary<ConfidentialityLabel> {
  const policies = registry.policies.filter(
    (p) => options.policies === undefined || options.policies.includes(p.id),
  );
  const base = fc.constantFrom(...policies).chain((policy) =>
    fc
      .record(
        {
          policy: fc.constant(policy.id),
          classification: fc.constantFrom(...policy.levels.map((l) => l.name)),
          privacyMark: markingText,
          categories: categoryArbitrary(policy),
          originator: fc.constantFrom(
            'urn:foedera:participant:FRA-MOD',
            'urn:foedera:participant:EDA',
            'did:web:x.eu',
          ),
          creationTime: time,
        },
        { requiredKeys: ['policy', 'classification', 'categories', 'originator', 'creationTime'] },
      )
      .map((label): ConfidentialityLabel => ({ ...label })),
  );
  if (options.alternatives !== true) return base;
  return fc
    .tuple(base, fc.array(labelArbitrary(registry, { ...options, alternatives: false }), { maxLength: 2 }))
    .map(([label, alternatives]) => (alternatives.length === 0 ? label : { ...label, alternatives }));
}

export function subjectArbitrary(registry: PolicyRegistry): fc.Arbitrary<LabelSubject> {
  const clearance: fc.Arbitrary<LabelClearance> = fc.oneof(
    {
      weight: 9,
      arbitrary: fc
        .constantFrom(...registry.policies)
        .chain((p) => fc.constantFrom(...p.levels.map((l) => ({ policy: p.id, classification: l.name })))),
    },
    { weight: 1, arbitrary: fc.constant({ policy: 'XYZ', classification: 'SECRET' }) },
  );
  return fc.record({
    nationality: fc.constantFrom(...NATIONS),
    clearances: fc.array(clearance, { maxLength: 3 }),
    categoryValues: fc.subarray(HELD_VALUES),
  });
}
