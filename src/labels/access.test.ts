import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { checkLabelAccess } from './access.ts';
import { checkCompiledAccess, compileLabel, compileSubject } from './compiled.ts';
import type { ConfidentialityLabel, LabelCategory } from './label.ts';
import { EU_POLICY } from './policies/eu-nato.ts';
import { createPolicyRegistry, defaultPolicyRegistry as registry } from './policy-registry.ts';
import type { LabelSubject } from './subject.ts';
import { labelArbitrary, subjectArbitrary } from './_testing/arbitraries.ts';

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
const subject = (
  nationality: string,
  clearances: [string, string][],
  categoryValues: string[] = [],
): LabelSubject => ({
  nationality,
  clearances: clearances.map(([policy, classification]) => ({ policy, classification })),
  categoryValues,
});

type Row = {
  name: string;
  subject: LabelSubject;
  label: ConfidentialityLabel;
  reason?: string;
  detail?: string;
};

const rows: Row[] = [
  {
    name: 'permits a FRA SECRET subject on NATO SECRET releasable to FRA and DEU',
    subject: subject('FRA', [['FRA', 'SECRET']]),
    label: label('NATO', 'NATO SECRET', [rel('FRA', 'DEU')]),
  },
  {
    name: 'denies when nationality is not releasable',
    subject: subject('ITA', [['NATO', 'NATO SECRET']]),
    label: label('NATO', 'NATO SECRET', [rel('FRA', 'DEU')]),
    reason: 'not-releasable',
    detail: 'Subject nationality "ITA" is not in Releasable To [FRA, DEU]',
  },
  {
    name: 'permits a member nation through the NATO group',
    subject: subject('ITA', [['ITA', 'SEGRETO']]),
    label: label('NATO', 'NATO SECRET', [rel('NATO')]),
  },
  {
    name: 'denies a nation outside the NATO group',
    subject: subject('AUT', [['EU', 'SECRET UE/EU SECRET']]),
    label: label('NATO', 'NATO SECRET', [rel('NATO')]),
    reason: 'not-releasable',
    detail: 'Subject nationality "AUT" is not in Releasable To [NATO]',
  },
  {
    name: 'permits an EU institution through the EU group',
    subject: subject('EUE', [['EU', 'CONFIDENTIEL UE/EU CONFIDENTIAL']]),
    label: label('EU', 'CONFIDENTIEL UE/EU CONFIDENTIAL', [rel('EU')]),
  },
  {
    name: 'denies a clearance one level too low under the same policy',
    subject: subject('FRA', [['NATO', 'NATO CONFIDENTIAL']]),
    label: label('NATO', 'NATO SECRET', [rel('FRA')]),
    reason: 'clearance-too-low',
    detail:
      'Subject holds clearances [NATO "NATO CONFIDENTIAL"], which does not reach "NATO SECRET" of policy "NATO" ' +
      'directly or through an equivalence',
  },
  {
    name: 'denies a clearance one level too low through an equivalence',
    subject: subject('DEU', [['DEU', 'VS-VERTRAULICH']]),
    label: label('NATO', 'NATO SECRET', [rel('DEU')]),
    reason: 'clearance-too-low',
  },
  {
    name: 'permits a national clearance equivalent to the NATO level',
    subject: subject('DEU', [['DEU', 'GEHEIM']]),
    label: label('NATO', 'NATO SECRET', [rel('DEU')]),
  },
  {
    name: 'permits a NATO clearance on a national label of the equivalent level',
    subject: subject('POL', [['NATO', 'NATO SECRET']]),
    label: label('DEU', 'GEHEIM', [rel('POL')]),
  },
  {
    name: 'permits a French SECRET clearance on EU CONFIDENTIAL (France has no CONFIDENTIAL level)',
    subject: subject('FRA', [['FRA', 'SECRET']]),
    label: label('EU', 'CONFIDENTIEL UE/EU CONFIDENTIAL', [rel('FRA')]),
  },
  {
    name: 'denies a French DIFFUSION RESTREINTE authorisation on EU CONFIDENTIAL',
    subject: subject('FRA', [['FRA', 'DIFFUSION RESTREINTE']]),
    label: label('EU', 'CONFIDENTIEL UE/EU CONFIDENTIAL', [rel('FRA')]),
    reason: 'clearance-too-low',
  },
  {
    name: 'denies when no clearance is held',
    subject: subject('FRA', []),
    label: label('EU', 'RESTREINT UE/EU RESTRICTED'),
    reason: 'clearance-too-low',
    detail:
      'Subject holds no clearance, which does not reach "RESTREINT UE/EU RESTRICTED" of policy "EU" directly or ' +
      'through an equivalence',
  },
  {
    name: 'ignores a clearance under an unknown policy',
    subject: subject('FRA', [['XYZ', 'SECRET']]),
    label: label('FRA', 'SECRET'),
    reason: 'clearance-too-low',
  },
  {
    name: 'permits an unclassified label without clearance',
    subject: subject('SWE', []),
    label: label('NATO', 'NATO UNCLASSIFIED', [rel('NATO')]),
  },
  {
    name: 'still checks releasability of an unclassified label',
    subject: subject('AUT', []),
    label: label('NATO', 'NATO UNCLASSIFIED', [rel('NATO')]),
    reason: 'not-releasable',
  },
  {
    name: 'denies when a RESTRICTIVE value is missing',
    subject: subject('FRA', [['NATO', 'COSMIC TOP SECRET']], ['ATOMAL']),
    label: label('NATO', 'NATO SECRET', [
      { tagName: 'Special Category Designator', type: 'RESTRICTIVE', values: ['ATOMAL', 'CRYPTO'] },
    ]),
    reason: 'missing-restrictive-value',
    detail: 'Subject does not hold "CRYPTO" of Special Category Designator [ATOMAL, CRYPTO]',
  },
  {
    name: 'permits when every RESTRICTIVE value is held',
    subject: subject('FRA', [['NATO', 'NATO SECRET']], ['ATOMAL', 'CRYPTO', 'COI-X']),
    label: label('NATO', 'NATO SECRET', [
      { tagName: 'Special Category Designator', type: 'RESTRICTIVE', values: ['ATOMAL', 'CRYPTO'] },
      { tagName: 'Community of Interest', type: 'RESTRICTIVE', values: ['COI-X'] },
    ]),
  },
  {
    name: 'reports releasability before a missing RESTRICTIVE value whatever the label order',
    subject: subject('ITA', [['NATO', 'NATO SECRET']]),
    label: label('NATO', 'NATO SECRET', [
      { tagName: 'Community of Interest', type: 'RESTRICTIVE', values: ['COI-X'] },
      rel('FRA'),
    ]),
    reason: 'not-releasable',
  },
  {
    name: 'ignores INFORMATIVE categories',
    subject: subject('ESP', [['ESP', 'RESERVADO']]),
    label: label('EU', 'SECRET UE/EU SECRET', [
      { tagName: 'Administrative', type: 'INFORMATIVE', values: ['STAFF'] },
    ]),
  },
  {
    name: 'refuses an unknown policy',
    subject: subject('FRA', [['FRA', 'TRÈS SECRET']]),
    label: label('USA', 'SECRET'),
    reason: 'unknown-policy',
    detail: 'Cannot interpret label: policy "USA" is unknown',
  },
  {
    name: 'refuses a level the policy does not define',
    subject: subject('FRA', [['FRA', 'TRÈS SECRET']]),
    label: label('FRA', 'CONFIDENTIEL DÉFENSE'),
    reason: 'unknown-classification',
    detail: 'Cannot interpret label: classification "CONFIDENTIEL DÉFENSE" is not a level of policy "FRA"',
  },
  {
    name: 'refuses a category the policy does not define',
    subject: subject('FRA', [['FRA', 'TRÈS SECRET']], ['ATOMAL']),
    label: label('FRA', 'SECRET', [
      { tagName: 'Special Category Designator', type: 'RESTRICTIVE', values: ['ATOMAL'] },
    ]),
    reason: 'unknown-category',
  },
  {
    name: 'refuses a category declared with another type than the policy gives it',
    subject: subject('FRA', [['FRA', 'TRÈS SECRET']]),
    label: label('FRA', 'SECRET', [{ tagName: 'Releasable To', type: 'INFORMATIVE', values: ['FRA'] }]),
    reason: 'unknown-category',
    detail:
      'Cannot interpret label: category "Releasable To" is PERMISSIVE under policy "FRA", not INFORMATIVE',
  },
  {
    name: 'refuses a releasability value that is neither a country code nor a group',
    subject: subject('FRA', [['FRA', 'TRÈS SECRET']]),
    label: label('FRA', 'SECRET', [rel('France')]),
    reason: 'unknown-category',
  },
  {
    name: 'refuses a value outside an enumerated category',
    subject: subject('FRA', [['NATO', 'COSMIC TOP SECRET']], ['UMBRA']),
    label: label('NATO', 'NATO SECRET', [
      { tagName: 'Special Category Designator', type: 'RESTRICTIVE', values: ['UMBRA'] },
    ]),
    reason: 'unknown-category',
  },
];

for (const row of rows) {
  test(`checkLabelAccess() ${row.name}`, () => {
    const result = checkLabelAccess(row.subject, row.label, registry);
    if (row.reason === undefined) {
      assert.deepEqual(result, { ok: true, value: true });
      return;
    }
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.reason, row.reason, result.detail);
    if (row.detail !== undefined) assert.equal(result.detail, row.detail);
  });

  test(`checkCompiledAccess() ${row.name}`, () => {
    const compiled = compileLabel(row.label, registry);
    const result = compiled.ok
      ? checkCompiledAccess(compileSubject(row.subject, registry), compiled.value)
      : compiled;
    assert.equal(result.ok, row.reason === undefined);
    if (!result.ok) assert.equal(result.reason, row.reason);
  });
}

test('compiled and interpreted access checks agree on every subject and label', () => {
  fc.assert(
    fc.property(subjectArbitrary(registry), labelArbitrary(registry), (s, l) => {
      const slow = checkLabelAccess(s, l, registry);
      const compiled = compileLabel(l, registry);
      const fast = compiled.ok ? checkCompiledAccess(compileSubject(s, registry), compiled.value) : compiled;
      assert.deepEqual(fast, slow);
    }),
    { numRuns: 3000 },
  );
});

test('the random subjects and labels reach every outcome, so that the agreement property means something', () => {
  const outcomes = new Map<string, number>();
  fc.assert(
    fc.property(subjectArbitrary(registry), labelArbitrary(registry), (s, l) => {
      const result = checkLabelAccess(s, l, registry);
      const key = result.ok ? 'granted' : result.reason;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    }),
    { numRuns: 2000 },
  );
  for (const outcome of ['granted', 'clearance-too-low', 'not-releasable', 'missing-restrictive-value']) {
    assert.ok((outcomes.get(outcome) ?? 0) > 20, `${outcome}: ${outcomes.get(outcome) ?? 0} of 2000`);
  }
});

test('compiled labels and subjects are frozen', () => {
  const compiled = compileLabel(label('NATO', 'NATO SECRET', [rel('FRA')]), registry);
  assert.ok(compiled.ok);
  assert.ok(Object.isFrozen(compiled.value));
  assert.ok(Object.isFrozen(compileSubject(subject('FRA', []), registry)));
});

test('checkCompiledAccess() refuses a subject compiled against another registry', () => {
  const other = { ...registry };
  const compiled = compileLabel(label('NATO', 'NATO SECRET'), registry);
  assert.ok(compiled.ok);
  assert.throws(() => checkCompiledAccess(compileSubject(subject('FRA', []), other), compiled.value), {
    code: 'registry-mismatch',
  });
});

test('a PERMISSIVE category matched on held values needs at least one of them, on both paths', () => {
  const custom = createPolicyRegistry({
    policies: [
      {
        ...EU_POLICY,
        categories: [
          ...EU_POLICY.categories,
          {
            tagName: 'Mission',
            type: 'PERMISSIVE',
            match: 'subject-values',
            values: ['EUFOR-ALTHEA', 'EUNAVFOR-ASPIDES'],
          },
        ],
      },
    ],
    groups: [],
  });
  const mission = label('EU', 'UNCLASSIFIED', [
    { tagName: 'Mission', type: 'PERMISSIVE', values: ['EUFOR-ALTHEA', 'EUNAVFOR-ASPIDES'] },
  ]);
  const compiled = compileLabel(mission, custom);
  assert.ok(compiled.ok);
  for (const [held, expected] of [
    [['EUNAVFOR-ASPIDES'], true],
    [['OTHER'], false],
  ] as const) {
    const s = subject('ITA', [], [...held]);
    const slow = checkLabelAccess(s, mission, custom);
    assert.deepEqual(checkCompiledAccess(compileSubject(s, custom), compiled.value), slow);
    assert.equal(slow.ok, expected);
    if (!slow.ok) {
      assert.equal(slow.reason, 'not-releasable');
      assert.equal(slow.detail, 'Subject holds none of Mission [EUFOR-ALTHEA, EUNAVFOR-ASPIDES]');
    }
  }
});
