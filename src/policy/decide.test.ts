import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { bindLabel, verifyLabelBinding } from '../labels/index.ts';
import type { ConfidentialityLabel } from '../labels/index.ts';
import { decide } from './decide.ts';
import type { DecisionRequest } from './decision.ts';
import { prepareSubject } from './prepare-subject.ts';
import type { DecisionContext, Participant, User } from './request.ts';
import {
  AGREEMENT_JSON,
  CONTEXT,
  DATASET,
  LABEL,
  PARTICIPANT,
  USER,
  compiled,
  compiledLabel,
  request as fixtureRequest,
} from './_testing/fixtures.ts';

// The originating node binds label and data (STANAG 4778 style); the receiving node verifies before deciding.
const origin = generateKeyPairSync('ec', { namedCurve: 'P-384' });
const DATA = new TextEncoder().encode('ORBAT, sector 7: 3 battalions, 2 batteries\n');
const BINDING = await bindLabel({ data: DATA, label: LABEL, key: origin.privateKey, kid: 'deu-node-1' });
const verify = (options: { data: Uint8Array; label: ConfidentialityLabel }) =>
  verifyLabelBinding({ binding: BINDING, ...options, key: origin.publicKey, subject: DATASET });
const VERIFIED = await verify({ data: DATA, label: LABEL });

function request(label: DecisionRequest['resource']['label'] = compiledLabel()): DecisionRequest {
  return fixtureRequest({ label, labelBinding: VERIFIED });
}

/** A label widened after signing: now releasable to GBR as well. */
const WIDENED: ConfidentialityLabel = {
  ...LABEL,
  categories: LABEL.categories.map((c) =>
    c.tagName === 'Releasable To' ? { ...c, values: [...c.values, 'GBR'] } : c,
  ),
};
const TAMPERED_DATA = Uint8Array.from(DATA, (byte, i) => (i === 7 ? byte ^ 0x01 : byte));
const LABEL_CHECK = await verify({ data: DATA, label: WIDENED });
const DATA_CHECK = await verify({ data: TAMPERED_DATA, label: LABEL });

const codes = (r: DecisionRequest): string[] => decide(r).reasons.map((x) => x.code);

function withUser(change: Partial<User>): DecisionRequest {
  const base = request();
  return { ...base, subject: { participant: PARTICIPANT, user: { ...USER, ...change } } };
}
function withParticipant(
  change: Partial<Participant>,
  options: { user: User | null } = { user: USER },
): DecisionRequest {
  const base = request();
  const participant = { ...PARTICIPANT, ...change };
  return { ...base, subject: options.user === null ? { participant } : { participant, user: options.user } };
}
function withContext(change: Partial<DecisionContext>): DecisionRequest {
  return { ...request(), context: { ...CONTEXT, ...change } };
}
function withAgreement(
  json: unknown,
  state: DecisionRequest['agreement']['state'] = 'active',
): DecisionRequest {
  return { ...request(), agreement: { policy: compiled(json), state } };
}
const permission = AGREEMENT_JSON.permission[0];
const withConstraints = (constraint: readonly unknown[]): unknown => ({
  ...AGREEMENT_JSON,
  permission: [{ ...permission, constraint }],
});

test('the binding fixtures are what verifyLabelBinding answers', () => {
  assert.equal(VERIFIED.ok, true);
  assert.deepEqual(
    [LABEL_CHECK.ok || LABEL_CHECK.reason, DATA_CHECK.ok || DATA_CHECK.reason],
    ['label-mismatch', 'data-digest-mismatch'],
  );
});

test('decide() permits the realistic request and hands over its obligations', () => {
  const decision = decide(request());
  assert.equal(decision.decision, 'permit');
  assert.deepEqual(decision.reasons, []);
  assert.deepEqual(
    decision.obligations.map((o) => ({ code: o.code, params: o.params })),
    [
      { code: 'delete-after', params: { within: 'P30D' } },
      { code: 'log-each-use', params: {} },
    ],
  );
  assert.equal(decide(request(LABEL)).decision, 'permit', 'an uncompiled label is compiled on the spot');
  assert.equal(decide(fixtureRequest({ labelBinding: true })).decision, 'permit', 'a verified flag suffices');
  assert.equal(
    decide({ ...request(), subject: prepareSubject({ participant: PARTICIPANT, user: USER }) }).decision,
    'permit',
  );
});

/** The access matrix: each row changes one thing of the permitted request and expects exactly these reasons. */
const MATRIX: [name: string, request: () => DecisionRequest, reasons: string[]][] = [
  ['user nationality is not releasable', () => withUser({ nationality: 'GBR' }), ['not-releasable']],
  ['participant nation is not releasable', () => withParticipant({ country: 'GBR' }), ['not-releasable']],
  [
    'user clearance is one level too low',
    () => withUser({ clearances: [{ policy: 'NATO', classification: 'NATO CONFIDENTIAL' }] }),
    ['clearance-too-low'],
  ],
  [
    'user clearance is one level too low through the equivalence table',
    () => withUser({ clearances: [{ policy: 'DEU', classification: 'VS-VERTRAULICH' }] }),
    ['clearance-too-low'],
  ],
  [
    'facility clearance is one level too low',
    () => withParticipant({ facilityClearances: [{ policy: 'NATO', classification: 'NATO CONFIDENTIAL' }] }),
    ['clearance-too-low'],
  ],
  [
    'user lacks the RESTRICTIVE community value',
    () => withUser({ communities: ['COI-OTHER'] }),
    ['missing-restrictive-value'],
  ],
  [
    'a participant alone holds no community value',
    () => withParticipant({}, { user: null }),
    ['missing-restrictive-value'],
  ],
  ['purpose is not permitted', () => withContext({ purpose: 'marketing' }), ['purpose-not-permitted']],
  [
    'the time window has not opened',
    () => withContext({ now: Date.parse('2025-12-31T23:00:00Z') }),
    ['before-validity'],
  ],
  [
    'the time window has closed',
    () => withContext({ now: Date.parse('2027-01-01T00:00:00Z') }),
    ['after-validity'],
  ],
  ['the use count is exhausted', () => withContext({ useCount: 100 }), ['count-exhausted']],
  [
    'onward transfer is attempted',
    () => withContext({ onwardTransfer: true }),
    ['onward-transfer-prohibited'],
  ],
  [
    'the agreement uses an unknown operand',
    () =>
      withAgreement(
        withConstraints([
          ...permission.constraint,
          { leftOperand: 'foedera:tide', operator: 'eq', rightOperand: 'high' },
        ]),
      ),
    ['unknown-operand'],
  ],
  [
    'the agreement uses an unknown operator',
    () =>
      withAgreement(
        withConstraints([{ leftOperand: 'purpose', operator: 'resembles', rightOperand: 'analysis' }]),
      ),
    ['unknown-operator'],
  ],
  [
    'the label binding was not verified',
    () => ({ ...request(), resource: { id: DATASET, label: compiledLabel() } }),
    ['label-binding-invalid'],
  ],
  [
    'the caller flags the label binding as not verified',
    () => fixtureRequest({ label: compiledLabel(), labelBinding: false }),
    ['label-binding-invalid'],
  ],
  [
    'the label was tampered with (widened to GBR after signing)',
    () => fixtureRequest({ label: compiledLabel(WIDENED), labelBinding: LABEL_CHECK }),
    ['label-binding-invalid'],
  ],
  [
    'the data was tampered with (one bit flipped)',
    () => fixtureRequest({ label: compiledLabel(), labelBinding: DATA_CHECK }),
    ['label-binding-invalid'],
  ],
  ['the label names an unknown policy', () => request({ ...LABEL, policy: 'ATLANTIS' }), ['unknown-policy']],
  [
    'the label names an unknown classification',
    () => request({ ...LABEL, classification: 'NATO SEKRET' }),
    ['unknown-classification'],
  ],
  [
    'the agreement was terminated',
    () => withAgreement(AGREEMENT_JSON, 'terminated'),
    ['agreement-not-active'],
  ],
  ['the agreement was revoked', () => withAgreement(AGREEMENT_JSON, 'revoked'), ['agreement-not-active']],
  [
    'the agreement is assigned to another participant',
    () => withParticipant({ id: 'urn:foedera:participant:fra-other' }),
    ['wrong-assignee'],
  ],
  [
    'the agreement is about another dataset',
    () => ({ ...request(), resource: { ...request().resource, id: 'urn:foedera:dataset:d-43' } }),
    ['wrong-target'],
  ],
  ['the action is not permitted', () => ({ ...request(), action: 'transfer' }), ['action-not-permitted']],
  ['the action is prohibited', () => ({ ...request(), action: 'distribute' }), ['prohibited-action']],
  ['the action is unknown', () => ({ ...request(), action: 'teleport' }), ['unknown-action']],
  [
    'the policy is an offer, not an agreement',
    () => withAgreement({ '@id': 'urn:uuid:offer-1', '@type': 'Offer', permission: [{ action: 'use' }] }),
    ['not-an-agreement', 'wrong-assignee', 'wrong-target'],
  ],
];

for (const [name, make, reasons] of MATRIX) {
  test(`decide() denies when ${name}`, () => {
    const decision = decide(make());
    assert.equal(decision.decision, 'deny');
    assert.deepEqual(
      decision.reasons.map((r) => r.code),
      reasons,
    );
    assert.deepEqual(decision.obligations, []);
    for (const reason of decision.reasons) assert.ok(reason.detail.length > 0);
  });
}

test('decide() lists every reason for a denial, from the label, the contract and the usage policy', () => {
  const base = withContext({ purpose: 'marketing', useCount: 100, onwardTransfer: true });
  const decision = decide({
    ...base,
    subject: {
      participant: { ...PARTICIPANT, country: 'USA' },
      user: { ...USER, nationality: 'GBR', communities: [] },
    },
    agreement: { ...base.agreement, state: 'suspended' },
  });
  assert.deepEqual(
    decision.reasons.map((r) => r.code),
    [
      'not-releasable',
      'missing-restrictive-value',
      'not-releasable',
      'agreement-not-active',
      'purpose-not-permitted',
      'count-exhausted',
      'onward-transfer-prohibited',
    ],
  );
  assert.match(decision.reasons[0]?.detail ?? '', /^User "urn:foedera:user:fra-dga:analyst-3": .*"GBR"/);
  assert.match(decision.reasons[2]?.detail ?? '', /^Participant "urn:foedera:participant:fra-dga": .*"USA"/);
});

test('decide() refuses a widened label that would have admitted a GBR user, because its binding fails', () => {
  const base = fixtureRequest({ label: compiledLabel(WIDENED), labelBinding: LABEL_CHECK });
  const gbr = { ...base, subject: { participant: PARTICIPANT, user: { ...USER, nationality: 'GBR' } } };
  assert.deepEqual(codes(gbr), ['label-binding-invalid']);
  assert.match(decide(gbr).reasons[0]?.detail ?? '', /the label differs from the one signed/);
});

test('decide() checks the user through an equivalence upwards as well', () => {
  const decision = decide(withUser({ clearances: [{ policy: 'DEU', classification: 'GEHEIM' }] }));
  assert.equal(decision.decision, 'permit');
});

test('decide() does not trust a prepared subject whose user was swapped afterwards', () => {
  const prepared = prepareSubject({ participant: PARTICIPANT, user: USER });
  const swapped = { ...prepared, user: { ...USER, nationality: 'GBR' } };
  assert.deepEqual(codes({ ...request(), subject: swapped }), ['not-releasable']);
});

test('decide() turns a fault into a denial instead of throwing', () => {
  const broken = { ...request(), context: null } as unknown as DecisionRequest;
  const decision = decide(broken);
  assert.equal(decision.decision, 'deny');
  assert.deepEqual(
    decision.reasons.map((r) => r.code),
    ['decision-error'],
  );
});

test('decide() at the contract stage asks the organisation only for what its certificate shows', () => {
  const organisation = withParticipant({}, { user: null });
  // Agreeing to terms: the nation is releasable; no person is named, so no clearance or community is asked yet.
  assert.equal(decide({ ...organisation, stage: 'contract' }).decision, 'permit');
  // The same request as an access by the organisation itself must dominate the label fully.
  assert.deepEqual(codes(organisation), codes({ ...organisation, stage: 'access' }));
  assert.equal(decide(organisation).decision, 'deny');
  // Releasability, the contract and the usage policy still apply at the contract stage.
  const foreign = withParticipant({ country: 'USA' }, { user: null });
  assert.deepEqual(codes({ ...foreign, stage: 'contract' }), ['not-releasable']);
  const lowFacility = withParticipant(
    { facilityClearances: [{ policy: 'NATO', classification: 'NATO CONFIDENTIAL' }] },
    { user: null },
  );
  assert.deepEqual(codes({ ...lowFacility, stage: 'contract' }), ['clearance-too-low']);
  const wrongPurpose = {
    ...organisation,
    stage: 'contract' as const,
    context: { ...CONTEXT, purpose: 'marketing' },
  };
  assert.deepEqual(codes(wrongPurpose), ['purpose-not-permitted']);
});
