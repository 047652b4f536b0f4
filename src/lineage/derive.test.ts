import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultPolicyRegistry as registry } from '../labels/index.ts';
import { planDerivation } from './derive.ts';
import { natoLabel, purposeOffer } from './_testing/fixtures.ts';

const at = new Date('2026-11-26T09:00:00Z');
const base = { registry, originator: 'urn:foedera:participant:FRA', at, offerId: 'urn:uuid:derived#offer' };
const inputs = [
  {
    version: 'sha256:a',
    label: natoLabel('NATO RESTRICTED', ['FRA', 'DEU', 'ITA']),
    policies: [purposeOffer('a', ['training', 'evaluation'], '2027-12-31T00:00:00Z')],
  },
  {
    version: 'sha256:b',
    label: natoLabel('NATO SECRET', ['FRA', 'DEU']),
    policies: [purposeOffer('b', ['training'], '2027-06-30T00:00:00Z')],
  },
];

test('a derived artefact receives the high-water mark of its inputs and the intersection of their policies', () => {
  const plan = planDerivation({ ...base, inputs });
  assert.ok(plan.ok, plan.ok ? '' : plan.detail);
  assert.equal(plan.value.label.classification, 'NATO SECRET');
  assert.deepEqual(plan.value.label.categories, [
    { tagName: 'Releasable To', type: 'PERMISSIVE', values: ['DEU', 'FRA'] },
  ]);
  assert.equal(plan.value.label.creationTime, at.toISOString(), 'deterministic: the activity end');
  assert.deepEqual(plan.value.usage.purposes, ['training']);
  assert.equal(plan.value.usage.notAfter, '2027-06-30T00:00:00.000Z');
  assert.equal(plan.value.policies[0]?.['@id'], 'urn:uuid:derived#offer');
});

test('a declared label weaker than an input is refused, naming the input and the required label', () => {
  const weaker = planDerivation({
    ...base,
    inputs,
    declared: { label: natoLabel('NATO RESTRICTED', ['FRA', 'DEU']) },
  });
  assert.equal(weaker.ok, false);
  assert.equal(!weaker.ok && weaker.reason, 'label-too-weak');
  assert.match(!weaker.ok ? weaker.detail : '', /input "sha256:b" \(NATO SECRET\).*at least NATO SECRET/);
  const wider = planDerivation({
    ...base,
    inputs,
    declared: { label: natoLabel('NATO SECRET', ['FRA', 'DEU', 'ITA']) },
  });
  assert.equal(!wider.ok && wider.reason, 'label-too-weak', 'releasable to a nation an input excludes');
  const stronger = planDerivation({
    ...base,
    inputs,
    declared: { label: natoLabel('COSMIC TOP SECRET', ['FRA']) },
  });
  assert.ok(stronger.ok);
  assert.equal(stronger.value.label.classification, 'COSMIC TOP SECRET');
});

test('a declared policy weaker than the intersection is refused with the reason; a stricter one is kept', () => {
  const loose = planDerivation({
    ...base,
    inputs,
    declared: { policies: [purposeOffer('x', ['training', 'evaluation'])] },
  });
  assert.equal(!loose.ok && loose.reason, 'usage-too-weak');
  assert.match(!loose.ok ? loose.detail : '', /purpose evaluation.*ends after 2027-06-30/);
  const strict = purposeOffer('y', ['training'], '2027-01-01T00:00:00Z');
  const kept = planDerivation({ ...base, inputs, declared: { policies: [strict] } });
  assert.ok(kept.ok);
  assert.deepEqual(kept.value.policies, [strict]);
});

test('inputs under different policies are marked under a policy that covers both, or refused', () => {
  const eu = {
    ...natoLabel('x', []),
    policy: 'EU',
    classification: 'CONFIDENTIEL UE/EU CONFIDENTIAL',
    categories: [],
  };
  const mixed = planDerivation({
    ...base,
    inputs: [{ version: 'sha256:e', label: eu, policies: [purposeOffer('e', ['training'])] }, inputs[0]!],
  });
  assert.ok(mixed.ok, mixed.ok ? '' : mixed.detail);
  assert.equal(mixed.value.label.policy, 'EU');
  assert.equal(mixed.value.label.classification, 'CONFIDENTIEL UE/EU CONFIDENTIAL');
  assert.equal(planDerivation({ ...base, inputs: [] }).ok, false);
  const incompatible = planDerivation({
    ...base,
    inputs: [inputs[0]!, { ...inputs[1]!, policies: [purposeOffer('z', ['marketing'])] }],
  });
  assert.equal(!incompatible.ok && incompatible.reason, 'inputs-incompatible');
});

test('inputs releasable to disjoint nations cannot be derived from, and the refusal names the category', () => {
  const disjoint = planDerivation({
    ...base,
    inputs: [
      { ...inputs[0]!, label: natoLabel('NATO SECRET', ['FRA']) },
      { ...inputs[1]!, label: natoLabel('NATO SECRET', ['DEU']) },
    ],
  });
  assert.equal(!disjoint.ok && disjoint.reason, 'inputs-incompatible');
  assert.match(!disjoint.ok ? disjoint.detail : '', /"Releasable To" is common to all of them \(FRA; DEU\)/);
});
