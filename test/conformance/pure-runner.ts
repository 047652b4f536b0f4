// Plays a conformance scenario against the pure state machines: the connector under test is one of our machines,
// the peer is scripted (as the TCK is) and may forge messages that its own state would not allow.
import assert from 'node:assert/strict';
import { messageDigest } from '../../src/protocol/_internal/digest.ts';
import * as cnb from '../../src/protocol/messages/negotiation-builders.ts';
import type { Agreement, MessageOffer } from '../../src/protocol/messages/odrl.ts';
import * as tpb from '../../src/protocol/messages/transfer-builders.ts';
import type { NegotiationMessage, TransferMessage } from '../../src/protocol/messages/types.ts';
import type { Negotiation, NegotiationEvent } from '../../src/protocol/negotiation/negotiation.ts';
import { receiveNegotiationRequest, requestNegotiation } from '../../src/protocol/negotiation/start.ts';
import { signalOf, transition as negotiate } from '../../src/protocol/negotiation/transition.ts';
import type { Transfer, TransferEvent } from '../../src/protocol/transfer/transfer.ts';
import {
  receiveTransferRequest,
  requestTransfer,
  transition as transfer,
} from '../../src/protocol/transfer/transition.ts';
import { validateDspMessage } from '../../src/protocol/validate.ts';
import type {
  NegotiationAction,
  NegotiationScenario,
  TransferAction,
  TransferScenario,
} from './scenarios.ts';

const OFFER: MessageOffer & { target: string } = {
  '@type': 'Offer',
  '@id': 'urn:offer:d-42:1',
  target: 'urn:dataset:d-42',
  permission: [{ action: 'use' }],
};
const COUNTER_OFFER: MessageOffer & { target: string } = {
  ...OFFER,
  '@id': 'urn:offer:d-42:counter',
  permission: [
    { action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: 'training' }] },
  ],
};
const agreementFor = (roles: { provider: string; consumer: string }): Agreement => ({
  '@type': 'Agreement',
  '@id': 'urn:agreement:d-42:1',
  target: OFFER.target,
  assigner: roles.provider,
  assignee: roles.consumer,
  timestamp: '2026-11-26T06:00:00Z',
  permission: [{ action: 'use' }],
});

function assertValid(message: NegotiationMessage | TransferMessage): void {
  const result = validateDspMessage(message['@type'], message);
  assert.equal(result.ok, true, result.ok ? '' : result.detail);
}

const NEGOTIATION_SIGNAL: Record<NegotiationAction, string> = {
  request: 'ContractRequestMessage',
  'counter-request': 'ContractRequestMessage',
  offer: 'ContractOfferMessage',
  accept: 'ACCEPTED',
  agree: 'ContractAgreementMessage',
  verify: 'ContractAgreementVerificationMessage',
  finalize: 'FINALIZED',
  terminate: 'ContractNegotiationTerminationMessage',
};

export function runNegotiationScenario(scenario: NegotiationScenario): void {
  const provider = scenario.role === 'provider' ? 'CUT' : 'TCK';
  const consumer = scenario.role === 'provider' ? 'TCK' : 'CUT';
  const pids = { providerPid: `urn:uuid:${provider}-provider`, consumerPid: `urn:uuid:${consumer}-consumer` };
  const agreement = agreementFor({ provider, consumer });
  let cut: Negotiation | undefined;

  const forge = (action: NegotiationAction): NegotiationMessage => {
    switch (action) {
      case 'request':
        return cnb.contractRequestMessage({
          consumerPid: pids.consumerPid,
          offer: OFFER,
          callbackAddress: 'https://tck/cb',
        });
      case 'counter-request':
        return cnb.contractRequestMessage({ ...pids, offer: COUNTER_OFFER });
      case 'offer':
        return cnb.contractOfferMessage({ ...pids, offer: OFFER });
      case 'accept':
        return cnb.contractNegotiationEventMessage({ ...pids, eventType: 'ACCEPTED' });
      case 'agree':
        return cnb.contractAgreementMessage({ ...pids, agreement });
      case 'verify':
        return cnb.contractAgreementVerificationMessage(pids);
      case 'finalize':
        return cnb.contractNegotiationEventMessage({ ...pids, eventType: 'FINALIZED' });
      case 'terminate':
        return cnb.contractNegotiationTerminationMessage({ ...pids, reason: ['TCK says so'] });
    }
  };
  const command = (action: NegotiationAction): NegotiationEvent => {
    switch (action) {
      case 'request':
      case 'counter-request':
        return { kind: 'request', offer: COUNTER_OFFER };
      case 'offer':
        return { kind: 'offer', offer: COUNTER_OFFER };
      case 'agree':
        return { kind: 'agree', agreement };
      case 'accept':
      case 'verify':
      case 'finalize':
      case 'terminate':
        return { kind: action };
    }
  };

  for (const [index, step] of scenario.steps.entries()) {
    const where = `${scenario.id} step ${index + 1} (${step.by} ${step.action})`;
    if (step.by === 'cut') {
      if (cut === undefined) {
        assert.equal(step.action, 'request', `${where}: a consumer opens with a request`);
        const start = requestNegotiation({
          consumerPid: pids.consumerPid,
          provider,
          providerAddress: 'https://tck/dsp',
          offer: OFFER,
          callbackAddress: 'https://cut/cb',
        });
        const [effect] = start.effects;
        assert.ok(effect?.type === 'send' && effect.path === '/negotiations/request', where);
        assertValid(effect.message);
        const acked = negotiate(start.negotiation, { kind: 'acknowledged', providerPid: pids.providerPid });
        assert.ok(acked.ok, where);
        cut = acked.state;
      } else {
        const result = negotiate(cut, command(step.action));
        assert.ok(result.ok, `${where}: ${result.ok ? '' : result.detail}`);
        const sent = result.effects.find((e) => e.type === 'send');
        assert.ok(sent?.type === 'send', `${where}: sends a message`);
        assert.equal(signalOf(sent.message), NEGOTIATION_SIGNAL[step.action], where);
        assertValid(sent.message);
        cut = result.state;
      }
    } else {
      const message = forge(step.action);
      assertValid(message);
      const digest = messageDigest(message);
      if (cut === undefined) {
        assert.equal(step.action, 'request', `${where}: a provider is opened by a request`);
        const start = receiveNegotiationRequest({
          providerPid: pids.providerPid,
          consumer,
          message: message as Parameters<typeof receiveNegotiationRequest>[0]['message'],
          digest,
        });
        assert.ok(start.ok, where);
        cut = start.value.negotiation;
      } else {
        const result = negotiate(cut, { kind: 'receive', message, digest });
        if (step.expect === 'ok') {
          assert.ok(result.ok, `${where}: ${result.ok ? '' : result.detail}`);
          assert.equal(result.replay, false, `${where}: not a replay`);
          cut = result.state;
        } else {
          assert.equal(result.ok, false, `${where}: must be refused`);
          if (!result.ok) assert.equal(result.reason, 'invalid-transition', where);
        }
      }
    }
    assert.equal(cut.state, step.state, `${where}: state`);
  }
}

const TRANSFER_SIGNAL: Record<TransferAction, string> = {
  request: 'TransferRequestMessage',
  start: 'TransferStartMessage',
  suspend: 'TransferSuspensionMessage',
  complete: 'TransferCompletionMessage',
  terminate: 'TransferTerminationMessage',
};

export function runTransferScenario(scenario: TransferScenario): void {
  const provider = scenario.role === 'provider' ? 'CUT' : 'TCK';
  const consumer = scenario.role === 'provider' ? 'TCK' : 'CUT';
  const pids = { providerPid: `urn:uuid:${provider}-tp`, consumerPid: `urn:uuid:${consumer}-tp` };
  const address = tpb.httpDataAddress({
    endpoint: 'https://provider/data/d-42',
    properties: { authorization: 'x' },
  });
  let cut: Transfer | undefined;

  const forge = (action: TransferAction): TransferMessage => {
    switch (action) {
      case 'request':
        return tpb.transferRequestMessage({
          consumerPid: pids.consumerPid,
          agreementId: 'urn:agreement:d-42:1',
          format: 'HttpData-PULL',
          callbackAddress: 'https://tck/cb',
        });
      case 'start':
        return tpb.transferStartMessage({ ...pids, dataAddress: address });
      case 'suspend':
        return tpb.transferSuspensionMessage({ ...pids, reason: ['pause'] });
      case 'complete':
        return tpb.transferCompletionMessage(pids);
      case 'terminate':
        return tpb.transferTerminationMessage({ ...pids, reason: ['stop'] });
    }
  };
  const command = (action: Exclude<TransferAction, 'request'>): TransferEvent =>
    action === 'start' && scenario.role === 'provider'
      ? { kind: 'start', dataAddress: address }
      : { kind: action };

  for (const [index, step] of scenario.steps.entries()) {
    const where = `${scenario.id} step ${index + 1} (${step.by} ${step.action})`;
    if (step.by === 'cut') {
      if (step.action === 'request') {
        assert.equal(cut, undefined, where);
        const start = requestTransfer({
          consumerPid: pids.consumerPid,
          provider,
          providerAddress: 'https://tck/dsp',
          agreementId: 'urn:agreement:d-42:1',
          format: 'HttpData-PULL',
          callbackAddress: 'https://cut/cb',
        });
        const [effect] = start.effects;
        assert.ok(effect?.type === 'send' && effect.path === '/transfers/request', where);
        assertValid(effect.message);
        const acked = transfer(start.transfer, { kind: 'acknowledged', providerPid: pids.providerPid });
        assert.ok(acked.ok, where);
        cut = acked.state;
      } else {
        assert.ok(cut !== undefined, where);
        const result = transfer(cut, command(step.action));
        assert.ok(result.ok, `${where}: ${result.ok ? '' : result.detail}`);
        const sent = result.effects.find((e) => e.type === 'send');
        assert.ok(sent?.type === 'send', `${where}: sends a message`);
        assert.equal(sent.message['@type'], TRANSFER_SIGNAL[step.action], where);
        assertValid(sent.message);
        cut = result.state;
      }
    } else {
      const message = forge(step.action);
      assertValid(message);
      const digest = messageDigest(message);
      if (message['@type'] === 'TransferRequestMessage') {
        assert.equal(cut, undefined, where);
        const start = receiveTransferRequest({ providerPid: pids.providerPid, consumer, message, digest });
        assert.ok(start.ok, where);
        cut = start.value.transfer;
      } else {
        assert.ok(cut !== undefined, where);
        const result = transfer(cut, { kind: 'receive', message, digest });
        if (step.expect === 'ok') {
          assert.ok(result.ok, `${where}: ${result.ok ? '' : result.detail}`);
          cut = result.state;
        } else {
          assert.equal(result.ok, false, `${where}: must be refused`);
          if (!result.ok) assert.equal(result.reason, 'invalid-transition', where);
        }
      }
    }
    assert.equal(cut.state, step.state, `${where}: state`);
  }
}
