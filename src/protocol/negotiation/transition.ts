import { err } from '../../shared/result.ts';
import { findRow, otherRole, type Role } from '../_internal/table.ts';
import { signatureIn } from '../messages/extensions.ts';
import * as build from '../messages/negotiation-builders.ts';
import type { NegotiationMessage } from '../messages/types.ts';
import type {
  Negotiation,
  NegotiationEffect,
  NegotiationEvent,
  NegotiationRefusal,
  NegotiationTransition,
} from './negotiation.ts';
import { negotiationPath } from './paths.ts';
import { NEGOTIATION_TRANSITIONS, type NegotiationSignal } from './table.ts';

export function signalOf(message: NegotiationMessage): NegotiationSignal {
  return message['@type'] === 'ContractNegotiationEventMessage' ? message.eventType : message['@type'];
}

const signatureOf = (from: NegotiationMessage | { signature?: string }): { signature?: string } => {
  const signature = 'signature' in from ? from.signature : signatureIn(from);
  return signature === undefined ? {} : { signature };
};

const refuse = (reason: NegotiationRefusal, detail: string): NegotiationTransition => err(reason, detail);

function pidsOf(n: Negotiation, event: string): { providerPid: string; consumerPid: string } | string {
  if (n.providerPid === null || n.consumerPid === null) {
    return `Cannot ${event} negotiation: the counterparty has not acknowledged it yet`;
  }
  return { providerPid: n.providerPid, consumerPid: n.consumerPid };
}

function allowed(n: Negotiation, signal: NegotiationSignal, sender: Role): NegotiationTransition | null {
  if (findRow(NEGOTIATION_TRANSITIONS, { signal, sender, from: n.state }) !== undefined) return null;
  const pid = n.role === 'provider' ? n.providerPid : n.consumerPid;
  return refuse(
    'invalid-transition',
    `Cannot apply ${signal} from the ${sender} to negotiation "${pid ?? '?'}" in state ${n.state}`,
  );
}

function receive(
  n: Negotiation,
  event: Extract<NegotiationEvent, { kind: 'receive' }>,
): NegotiationTransition {
  const { message, digest } = event;
  const signal = signalOf(message);
  // A counter-request is never taken for a redelivery: DSP forbids REQUESTED → REQUESTED (DSP TCK CN:03-04).
  if (
    n.lastReceived?.digest === digest &&
    n.lastReceived.state === n.state &&
    signal !== 'ContractRequestMessage'
  ) {
    return { ok: true, state: n, effects: [], replay: true };
  }
  const sender = otherRole(n.role);
  const refused = allowed(n, signal, sender);
  if (refused !== null) return refused;
  for (const key of ['providerPid', 'consumerPid'] as const) {
    const theirs = message[key];
    const ours = n[key];
    if (theirs !== undefined && ours !== null && theirs !== ours) {
      return refuse(
        'pid-mismatch',
        `Cannot apply ${signal}: ${key} "${theirs}" does not name negotiation "${ours}"`,
      );
    }
  }
  const row = findRow(NEGOTIATION_TRANSITIONS, { signal, sender, from: n.state });
  if (row === undefined) return refuse('invalid-transition', `Cannot apply ${signal} in state ${n.state}`);
  const base: Negotiation = {
    ...n,
    state: row.to,
    providerPid: n.providerPid ?? message.providerPid ?? null,
    consumerPid: n.consumerPid ?? message.consumerPid ?? null,
    lastReceived: { digest, state: row.to },
  };
  const done = (next: Negotiation, effects: NegotiationEffect[]): NegotiationTransition => ({
    ok: true,
    state: next,
    effects,
    replay: false,
  });
  switch (message['@type']) {
    case 'ContractRequestMessage':
      return done(
        {
          ...base,
          offer: { ...message.offer, target: message.offer.target ?? n.offer.target },
          offeredBy: 'consumer',
        },
        [{ type: 'decide', question: 'contract-request' }],
      );
    case 'ContractOfferMessage':
      return done({ ...base, offer: message.offer, offeredBy: 'provider' }, [
        { type: 'decide', question: 'contract-offer' },
      ]);
    case 'ContractNegotiationEventMessage':
      // The consumer accepted the provider's offer: the provider's decision point confirms before it agrees.
      if (message.eventType === 'ACCEPTED')
        return done(base, [{ type: 'decide', question: 'contract-request' }]);
      return done(base, [{ type: 'finished', state: 'FINALIZED' }]);
    case 'ContractAgreementMessage':
      if (message.agreement.target !== n.offer.target) {
        return refuse(
          'invalid-agreement',
          `Cannot accept agreement "${message.agreement['@id']}": target "${message.agreement.target}" is not "${n.offer.target}"`,
        );
      }
      return done({ ...base, agreement: message.agreement }, [
        { type: 'record-agreement', agreement: message.agreement, ...signatureOf(message) },
        { type: 'decide', question: 'contract-agreement' },
      ]);
    case 'ContractAgreementVerificationMessage':
      return done(base, [
        { type: 'record-verification', ...signatureOf(message) },
        { type: 'decide', question: 'contract-verification' },
      ]);
    case 'ContractNegotiationTerminationMessage':
      return done(base, [{ type: 'finished', state: 'TERMINATED' }]);
  }
}

function send(
  n: Negotiation,
  event: Exclude<NegotiationEvent, { kind: 'receive' | 'acknowledged' }>,
): NegotiationTransition {
  const signal: NegotiationSignal = {
    request: 'ContractRequestMessage',
    offer: 'ContractOfferMessage',
    accept: 'ACCEPTED',
    agree: 'ContractAgreementMessage',
    verify: 'ContractAgreementVerificationMessage',
    finalize: 'FINALIZED',
    terminate: 'ContractNegotiationTerminationMessage',
  }[event.kind] as NegotiationSignal;
  const refused = allowed(n, signal, n.role);
  if (refused !== null) return refused;
  const pids = pidsOf(n, event.kind);
  if (typeof pids === 'string') return refuse('invalid-transition', pids);
  const row = findRow(NEGOTIATION_TRANSITIONS, { signal, sender: n.role, from: n.state });
  if (row === undefined) return refuse('invalid-transition', `Cannot ${event.kind} in state ${n.state}`);
  const peerPid = n.role === 'provider' ? pids.consumerPid : pids.providerPid;
  const path = negotiationPath({ sender: n.role, signal, peerPid });
  const next: Negotiation = { ...n, state: row.to };
  const sending = (
    message: NegotiationMessage,
    extra: NegotiationEffect[] = [],
    state = next,
  ): NegotiationTransition => ({
    ok: true,
    state,
    effects: [{ type: 'send', path, message }, ...extra],
    replay: false,
  });
  switch (event.kind) {
    case 'request':
      return sending(build.contractRequestMessage({ ...pids, offer: event.offer }), [], {
        ...next,
        offer: event.offer,
        offeredBy: 'consumer',
      });
    case 'offer':
      return sending(build.contractOfferMessage({ ...pids, offer: event.offer }), [], {
        ...next,
        offer: event.offer,
        offeredBy: 'provider',
      });
    case 'accept':
      return sending(build.contractNegotiationEventMessage({ ...pids, eventType: 'ACCEPTED' }));
    case 'agree':
      return sending(
        build.contractAgreementMessage({ ...pids, agreement: event.agreement, signature: event.signature }),
        [{ type: 'record-agreement', agreement: event.agreement, ...signatureOf(event) }],
        { ...next, agreement: event.agreement },
      );
    case 'verify':
      return sending(build.contractAgreementVerificationMessage({ ...pids, signature: event.signature }), [
        { type: 'record-verification', ...signatureOf(event) },
      ]);
    case 'finalize':
      return sending(build.contractNegotiationEventMessage({ ...pids, eventType: 'FINALIZED' }), [
        { type: 'finished', state: 'FINALIZED' },
      ]);
    case 'terminate': {
      const message = build.contractNegotiationTerminationMessage({
        ...pids,
        ...(event.code === undefined ? {} : { code: event.code }),
        ...(event.reason === undefined ? {} : { reason: event.reason }),
      });
      return sending(message, [{ type: 'finished', state: 'TERMINATED' }]);
    }
  }
}

/**
 * The one pure step of a negotiation: `(negotiation, event) → (negotiation', effects)`, or a refusal with its reason.
 * Received messages must already be schema-valid and come from `negotiation.counterparty`.
 */
export function transition(negotiation: Negotiation, event: NegotiationEvent): NegotiationTransition {
  switch (event.kind) {
    case 'receive':
      return receive(negotiation, event);
    case 'acknowledged':
      return {
        ok: true,
        state: {
          ...negotiation,
          providerPid: negotiation.providerPid ?? event.providerPid ?? null,
          consumerPid: negotiation.consumerPid ?? event.consumerPid ?? null,
        },
        effects: [],
        replay: false,
      };
    case 'request':
    case 'offer':
    case 'accept':
    case 'agree':
    case 'verify':
    case 'finalize':
    case 'terminate':
      return send(negotiation, event);
  }
}
