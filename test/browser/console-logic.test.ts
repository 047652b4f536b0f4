/**
 * The console's pure logic, run in Node: label markings and band colours, the publish form's field checks (the
 * node's own label and ODRL rules), negotiation steps, and the readers that check the node's answers.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compilePolicy } from '../../src/policy/compile-policy.ts';
import { defaultPolicyRegistry } from '../../src/labels/policy-registry.ts';
import type { ConfidentialityLabel } from '../../src/labels/label.ts';
import { bandTone, bannerText, classificationMark, participantName } from '../../web/src/labels/marking.ts';
import {
  buildOffer,
  publishBody,
  EMPTY_FORM,
  validatePublish,
  type PublishForm,
} from '../../web/src/publish/form-model.ts';
import { stepStatus } from '../../web/src/negotiations/steps.ts';
import { readAuditPage, readCatalog, readNegotiations } from '../../web/src/api/resources.ts';
import { summariseOffer } from '../../web/src/catalog/offer-summary.ts';
import { extractToken, tokenShapeError } from '../../web/src/session/token-shape.ts';

const LABEL: ConfidentialityLabel = {
  policy: 'NATO',
  classification: 'NATO SECRET',
  categories: [
    { tagName: 'Releasable To', type: 'PERMISSIVE', values: ['FRA', 'DEU'] },
    { tagName: 'Community of Interest', type: 'RESTRICTIVE', values: ['EUFOR'] },
    { tagName: 'Administrative', type: 'INFORMATIVE', values: ['STAFF'] },
  ],
  originator: 'urn:foedera:participant:FRA',
  creationTime: '2026-11-26T06:00:00Z',
};

test('bannerText() reads classification, releasability and restrictive markings, never informative ones', () => {
  assert.equal(bannerText(LABEL), 'NATO SECRET — REL TO FRA, DEU — EUFOR');
  assert.equal(bannerText({ ...LABEL, categories: [] }), 'NATO SECRET');
});

test('classificationMark() names the policy of a national level only', () => {
  assert.equal(classificationMark({ policy: 'FRA', classification: 'SECRET' }), 'FRA SECRET');
  assert.equal(classificationMark({ policy: 'NATO', classification: 'NATO SECRET' }), 'NATO SECRET');
  assert.equal(
    classificationMark({ policy: 'EU', classification: 'SECRET UE/EU SECRET' }),
    'SECRET UE/EU SECRET',
  );
});

test('bandTone() colours by rank on the equivalence scale and greys an unknown level', () => {
  assert.equal(bandTone(LABEL, defaultPolicyRegistry), 'secret');
  assert.equal(
    bandTone({ policy: 'NATO', classification: 'NATO UNCLASSIFIED' }, defaultPolicyRegistry),
    'unclassified',
  );
  assert.equal(
    bandTone({ policy: 'EU', classification: 'TRES SECRET UE/EU TOP SECRET' }, defaultPolicyRegistry),
    'top-secret',
  );
  assert.equal(bandTone({ policy: 'NATO', classification: 'MADE UP' }, defaultPolicyRegistry), 'unranked');
  assert.equal(participantName('urn:foedera:participant:DEU'), 'DEU');
});

const GOOD: PublishForm = {
  ...EMPTY_FORM,
  title: 'Sahel convoy logistics',
  policy: 'NATO',
  classification: 'NATO SECRET',
  releasableTo: 'FRA, DEU, NATO',
  communities: 'EUFOR',
  purposes: 'mission-planning',
  validUntil: '2027-12-31',
  maxUses: '50',
  deleteAfterDays: '30',
};
const OPTIONS = { participant: 'FRA', now: new Date('2026-11-26T06:00:00Z'), offerId: 'urn:uuid:o-1' };

test('validatePublish() accepts a complete form and builds a label and an offer the node compiles', () => {
  const result = validatePublish(GOOD, OPTIONS);
  assert.ok(result.ok, JSON.stringify(result));
  assert.equal(result.label.originator, 'urn:foedera:participant:FRA');
  assert.equal(result.label.creationTime, '2026-11-26T06:00:00Z');
  const compiled = compilePolicy(result.offer, { strict: true });
  assert.ok(compiled.ok);
  assert.equal(compiled.value.type, 'Offer');
});

test('validatePublish() names the field at fault', () => {
  const cases: [Partial<PublishForm>, keyof PublishForm, RegExp][] = [
    [{ title: 'ab' }, 'title', /at least 3/],
    [{ classification: 'GEHEIM' }, 'classification', /not a level of the NATO policy/],
    [{ releasableTo: 'FRA, XX1' }, 'releasableTo', /"XX1" is not an ISO 3166/],
    [{ releasableTo: '' }, 'releasableTo', /at least one nation/],
    [{ releasableTo: 'FRA, FRA' }, 'releasableTo', /named twice/],
    [{ communities: 'eufor' }, 'communities', /upper case/],
    [{ purposes: 'Mission planning' }, 'purposes', /lower case words/],
    [{ validUntil: '2020-01-01' }, 'validUntil', /future/],
    [{ maxUses: '0' }, 'maxUses', /whole number/],
    [{ deleteAfterDays: '1.5' }, 'deleteAfterDays', /whole number/],
    [{ policy: 'XYZ' }, 'policy', /Unknown label policy/],
  ];
  for (const [change, field, message] of cases) {
    const result = validatePublish({ ...GOOD, ...change }, OPTIONS);
    assert.equal(result.ok, false, `${field} should be refused`);
    if (!result.ok) assert.match(result.errors[field] ?? '', message, field);
  }
});

test('buildOffer() carries each chosen constraint and duty', () => {
  const offer = buildOffer(
    { ...GOOD, noOnwardTransfer: false, logEachUse: false },
    { participant: 'FRA', id: 'urn:uuid:o' },
  );
  const text = JSON.stringify(offer);
  assert.match(text, /"count","operator":"lteq","rightOperand":"50"/);
  assert.match(text, /P30D/);
  assert.doesNotMatch(text, /noOnwardTransfer|logEachUse/);
});

test('stepStatus() marks done, current and to-come steps, and a termination after the last state reached', () => {
  assert.equal(stepStatus('REQUESTED', { state: 'AGREED', reached: undefined }), 'done');
  assert.equal(stepStatus('AGREED', { state: 'AGREED', reached: undefined }), 'current');
  assert.equal(stepStatus('FINALIZED', { state: 'AGREED', reached: undefined }), 'todo');
  assert.equal(stepStatus('FINALIZED', { state: 'FINALIZED', reached: undefined }), 'done');
  assert.equal(stepStatus('REQUESTED', { state: 'TERMINATED', reached: 'REQUESTED' }), 'done');
  assert.equal(stepStatus('OFFERED', { state: 'TERMINATED', reached: 'REQUESTED' }), 'todo');
});

test('the readers accept well-formed answers and refuse ones that do not fit', () => {
  const item = {
    id: 'd-1',
    title: 'Convoys',
    publisher: 'urn:foedera:participant:DEU',
    label: LABEL,
    offers: [{ id: 'o-1' }],
  };
  assert.equal(readCatalog({ items: [item] })?.[0]?.offers[0]?.summary, 'No permission offered');
  assert.equal(readCatalog([{ dataset: item, peer: 'DEU' }])?.[0]?.peer, 'DEU');
  assert.equal(readCatalog({ items: [{ ...item, label: { ...LABEL, policy: '' } }] }), undefined);
  assert.equal(readNegotiations([{ id: 'n', state: 'AGREED', counterparty: 'DEU' }])?.[0]?.state, 'AGREED');
  assert.equal(readNegotiations([{ id: 'n', state: 'DONE', counterparty: 'DEU' }]), undefined);
  const entry = {
    v: 1,
    index: 0,
    time: '2026-11-26T06:00:00Z',
    node: 'FRA',
    kind: 'dataset.published',
    actor: 'a',
    subject: 's',
    details: {},
  };
  assert.deepEqual(
    readAuditPage({ treeHead: { size: 1, root: 'ab' }, entries: [entry] })?.entries[0]?.entry,
    entry,
  );
  assert.equal(readAuditPage({ treeHead: { size: -1, root: 'ab' }, entries: [] }), undefined);
});

test('tokenShapeError() refuses what is not a compact JWS before sending it', () => {
  assert.match(tokenShapeError('') ?? '', /Paste the token/);
  assert.match(tokenShapeError('abc') ?? '', /three base64url parts/);
  assert.equal(tokenShapeError(' aaa.bbb.ccc '), undefined);
  assert.equal(extractToken('http://127.0.0.1:7001/console/#token=aaa.bbb.ccc\n'), 'aaa.bbb.ccc');
  assert.equal(tokenShapeError('http://127.0.0.1:7001/console/#token=aaa.bbb.ccc'), undefined);
});

test('summariseOffer() reads an offer as one sentence, naming terms it does not know', () => {
  const result = validatePublish(GOOD, OPTIONS);
  assert.ok(result.ok);
  assert.equal(
    summariseOffer(result.offer),
    'Use for mission-planning, until 2027-12-31, at most 50 times, no onward transfer; delete within 30 days; ' +
      'every use is logged; no distribution.',
  );
  assert.equal(
    summariseOffer({
      permission: [
        { action: 'use', constraint: [{ leftOperand: 'ex:moon', operator: 'eq', rightOperand: 'full' }] },
      ],
    }),
    'Use ex:moon eq full.',
  );
});

test('publishBody() is a dataset the catalog module accepts, label and offer included', async () => {
  const { readDatasetInput } = await import('../../src/catalog/read-dataset.ts');
  const result = validatePublish({ ...GOOD, description: 'Convoy movements, synthetic' }, OPTIONS);
  assert.ok(result.ok);
  const body = publishBody(GOOD, {
    label: result.label,
    offer: result.offer,
    datasetId: 'urn:uuid:0b7c1d7e-1f4f-4c57-a1c5-6f0f5c3b9a11',
    offerId: 'urn:uuid:7c3f1b3e-9f0e-4a57-8d6c-2f3b1f9e0c22',
  });
  const read = readDatasetInput(body, {
    registry: defaultPolicyRegistry,
    service: { id: 'urn:uuid:service-fra', endpointURL: 'https://127.0.0.1:8443/dsp' },
    publisher: 'urn:foedera:participant:FRA',
    now: OPTIONS.now,
  });
  assert.ok(read.ok, read.ok ? '' : read.detail);
  assert.deepEqual(read.value.label, result.label);
  assert.equal(read.value.offers[0]?.['@id'], 'urn:uuid:7c3f1b3e-9f0e-4a57-8d6c-2f3b1f9e0c22');
});
