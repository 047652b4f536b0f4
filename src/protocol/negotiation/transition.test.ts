import assert from 'node:assert/strict';
import { test } from 'node:test';
import { messageDigest } from '../_internal/digest.ts';
import * as build from '../messages/negotiation-builders.ts';
import type { NegotiationMessage } from '../messages/types.ts';
import type { Negotiation } from './negotiation.ts';
import { isRedelivery, receiveNegotiationRequest } from './start.ts';
import { NEGOTIATION_STATES, NEGOTIATION_TRANSITIONS, negotiationTable } from './table.ts';
import { transition } from './transition.ts';

const pids = { providerPid: 'urn:p', consumerPid: 'urn:c' };
const offer = { '@type': 'Offer' as const, '@id': 'urn:o', target: 'urn:d', permission: [{ action: 'use' }] };
const agreement = {
  '@type': 'Agreement' as const,
  '@id': 'urn:a',
  target: 'urn:d',
  assigner: 'FRA',
  assignee: 'DEU',
  permission: [{ action: 'use' }],
};
const negotiation = (overrides: Partial<Negotiation>): Negotiation => ({
  role: 'provider',
  state: 'REQUESTED',
  ...pids,
  counterparty: 'DEU',
  counterpartyAddress: 'https://deu/cb',
  offer,
  offeredBy: 'consumer',
  agreement: null,
  lastReceived: null,
  ...overrides,
});
const receive = (message: NegotiationMessage) => ({
  kind: 'receive' as const,
  message,
  digest: messageDigest(message),
});

const MESSAGES: Record<string, NegotiationMessage> = {
  ContractRequestMessage: build.contractRequestMessage({ ...pids, offer }),
  ContractOfferMessage: build.contractOfferMessage({ ...pids, offer }),
  ACCEPTED: build.contractNegotiationEventMessage({ ...pids, eventType: 'ACCEPTED' }),
  ContractAgreementMessage: build.contractAgreementMessage({ ...pids, agreement }),
  ContractAgreementVerificationMessage: build.contractAgreementVerificationMessage(pids),
  FINALIZED: build.contractNegotiationEventMessage({ ...pids, eventType: 'FINALIZED' }),
  ContractNegotiationTerminationMessage: build.contractNegotiationTerminationMessage(pids),
};

test('transition() accepts a received message exactly where the table allows it, for both roles', () => {
  for (const role of ['provider', 'consumer'] as const) {
    const { receives } = negotiationTable(role);
    for (const state of NEGOTIATION_STATES) {
      for (const [signal, message] of Object.entries(MESSAGES)) {
        const expected = receives.some((row) => row.signal === signal && row.from.includes(state));
        const result = transition(negotiation({ role, state }), receive(message));
        assert.equal(result.ok, expected, `${role} in ${state} receiving ${signal}`);
        if (!result.ok) assert.equal(result.reason, 'invalid-transition');
      }
    }
  }
});

test('the transition table lets no message leave a final state', () => {
  for (const row of NEGOTIATION_TRANSITIONS) {
    assert.ok(!row.from.includes('FINALIZED') && !row.from.includes('TERMINATED'), row.signal);
  }
});

test('transition() answers a redelivered event without a second effect', () => {
  const accepted = receive(MESSAGES['ACCEPTED']!);
  const first = transition(negotiation({ state: 'OFFERED', offeredBy: 'provider' }), accepted);
  assert.ok(first.ok);
  assert.equal(first.state.state, 'ACCEPTED');
  assert.deepEqual(first.effects, [{ type: 'decide', question: 'contract-request' }]);
  const again = transition(first.state, accepted);
  assert.ok(again.ok);
  assert.equal(again.replay, true);
  assert.deepEqual(again.effects, []);
  assert.equal(again.state, first.state);
});

test('a repeated initial request is recognised as a redelivery of the negotiation it opened', () => {
  const message = build.contractRequestMessage({
    consumerPid: 'urn:c',
    offer,
    callbackAddress: 'https://deu/cb',
  });
  const opened = receiveNegotiationRequest({
    providerPid: 'urn:p',
    consumer: 'DEU',
    message,
    digest: messageDigest(message),
  });
  assert.ok(opened.ok);
  assert.equal(isRedelivery(opened.value.negotiation, messageDigest(message)), true);
  const changed = { ...message, offer: { ...offer, '@id': 'urn:other' } };
  assert.equal(isRedelivery(opened.value.negotiation, messageDigest(changed)), false);
});

test('transition() refuses a message whose process ids name another negotiation', () => {
  const message = build.contractNegotiationTerminationMessage({
    providerPid: 'urn:p',
    consumerPid: 'urn:someone-else',
  });
  const result = transition(negotiation({}), receive(message));
  assert.equal(result.ok, false);
  if (!result.ok) assert.equal(result.reason, 'pid-mismatch');
});

test('transition() refuses an agreement for another target than the offer on the table', () => {
  const message = build.contractAgreementMessage({
    ...pids,
    agreement: { ...agreement, target: 'urn:other' },
  });
  const result = transition(negotiation({ role: 'consumer', state: 'ACCEPTED' }), receive(message));
  assert.equal(result.ok, false);
  if (!result.ok) assert.equal(result.reason, 'invalid-agreement');
});

test('agree sends the agreement to the consumer callback and asks to record it', () => {
  const result = transition(negotiation({ state: 'REQUESTED' }), { kind: 'agree', agreement });
  assert.ok(result.ok);
  assert.equal(result.state.state, 'AGREED');
  assert.deepEqual(
    result.effects.map((e) => (e.type === 'send' ? `${e.type} ${e.path}` : e.type)),
    ['send /negotiations/urn%3Ac/agreement', 'record-agreement'],
  );
});

test('a consumer cannot accept before the provider acknowledged its request', () => {
  const result = transition(negotiation({ role: 'consumer', state: 'OFFERED', providerPid: null }), {
    kind: 'accept',
  });
  assert.equal(result.ok, false);
});

test('a provider counter-offer moves REQUESTED to OFFERED and the offer on the table changes hands', () => {
  const counter = { ...offer, '@id': 'urn:counter' };
  const result = transition(negotiation({}), { kind: 'offer', offer: counter });
  assert.ok(result.ok);
  assert.equal(result.state.state, 'OFFERED');
  assert.equal(result.state.offeredBy, 'provider');
  assert.equal(result.state.offer['@id'], 'urn:counter');
});
