import { err, ok, type Result } from '../../shared/result.ts';
import * as build from '../messages/negotiation-builders.ts';
import type { MessageOffer } from '../messages/odrl.ts';
import type { ContractNegotiation, ContractOfferMessage, ContractRequestMessage } from '../messages/types.ts';
import type { Negotiation, NegotiationEffect } from './negotiation.ts';
import { negotiationPath } from './paths.ts';

export type NegotiationStart = { negotiation: Negotiation; effects: NegotiationEffect[] };
type Target = MessageOffer & { target: string };

/** Consumer: open a negotiation by requesting `offer` from the provider at `providerAddress`. */
export function requestNegotiation(options: {
  consumerPid: string;
  provider: string;
  providerAddress: string;
  offer: Target;
  callbackAddress: string;
}): NegotiationStart {
  const message = build.contractRequestMessage({
    consumerPid: options.consumerPid,
    offer: options.offer,
    callbackAddress: options.callbackAddress,
  });
  return {
    negotiation: {
      role: 'consumer',
      state: 'REQUESTED',
      providerPid: null,
      consumerPid: options.consumerPid,
      counterparty: options.provider,
      counterpartyAddress: options.providerAddress,
      offer: options.offer,
      offeredBy: 'consumer',
      agreement: null,
      lastReceived: null,
    },
    effects: [
      {
        type: 'send',
        path: negotiationPath({ sender: 'consumer', signal: 'ContractRequestMessage', peerPid: null }),
        message,
      },
    ],
  };
}

/** Provider: open a negotiation from a consumer's initial request (received at `/negotiations/request`). */
export function receiveNegotiationRequest(options: {
  providerPid: string;
  consumer: string;
  message: ContractRequestMessage;
  digest: string;
}): Result<NegotiationStart, 'invalid-request'> {
  const { message } = options;
  if (message.providerPid !== undefined || message.callbackAddress === undefined) {
    return err(
      'invalid-request',
      'Cannot open a negotiation: an initial request has a callbackAddress and no providerPid',
    );
  }
  if (message.offer.target === undefined) {
    return err(
      'invalid-request',
      `Cannot open a negotiation on offer "${message.offer['@id']}": it names no target`,
    );
  }
  return ok({
    negotiation: {
      role: 'provider',
      state: 'REQUESTED',
      providerPid: options.providerPid,
      consumerPid: message.consumerPid,
      counterparty: options.consumer,
      counterpartyAddress: message.callbackAddress,
      offer: { ...message.offer, target: message.offer.target },
      offeredBy: 'consumer',
      agreement: null,
      lastReceived: { digest: options.digest, state: 'REQUESTED' },
    },
    effects: [{ type: 'decide', question: 'contract-request' }],
  });
}

/** Provider: open a negotiation by offering `offer` to the consumer at `consumerAddress`. */
export function offerNegotiation(options: {
  providerPid: string;
  consumer: string;
  consumerAddress: string;
  offer: Target;
  callbackAddress: string;
}): NegotiationStart {
  const message = build.contractOfferMessage({
    providerPid: options.providerPid,
    offer: options.offer,
    callbackAddress: options.callbackAddress,
  });
  return {
    negotiation: {
      role: 'provider',
      state: 'OFFERED',
      providerPid: options.providerPid,
      consumerPid: null,
      counterparty: options.consumer,
      counterpartyAddress: options.consumerAddress,
      offer: options.offer,
      offeredBy: 'provider',
      agreement: null,
      lastReceived: null,
    },
    effects: [
      {
        type: 'send',
        path: negotiationPath({ sender: 'provider', signal: 'ContractOfferMessage', peerPid: null }),
        message,
      },
    ],
  };
}

/** Consumer: open a negotiation from a provider's initial offer (received at `/negotiations/offers`). */
export function receiveNegotiationOffer(options: {
  consumerPid: string;
  provider: string;
  message: ContractOfferMessage;
  digest: string;
}): Result<NegotiationStart, 'invalid-request'> {
  const { message } = options;
  if (message.consumerPid !== undefined || message.callbackAddress === undefined) {
    return err(
      'invalid-request',
      'Cannot open a negotiation: an initial offer has a callbackAddress and no consumerPid',
    );
  }
  return ok({
    negotiation: {
      role: 'consumer',
      state: 'OFFERED',
      providerPid: message.providerPid,
      consumerPid: options.consumerPid,
      counterparty: options.provider,
      counterpartyAddress: message.callbackAddress,
      offer: message.offer,
      offeredBy: 'provider',
      agreement: null,
      lastReceived: { digest: options.digest, state: 'OFFERED' },
    },
    effects: [{ type: 'decide', question: 'contract-offer' }],
  });
}

/** The `ContractNegotiation` acknowledgement of a negotiation whose both process ids are known. */
export function negotiationDocument(n: Negotiation): ContractNegotiation {
  if (n.providerPid === null || n.consumerPid === null) {
    throw new Error('Cannot describe a negotiation whose counterparty has not acknowledged it');
  }
  return build.contractNegotiation({
    providerPid: n.providerPid,
    consumerPid: n.consumerPid,
    state: n.state,
  });
}

/** True when `digest` is the message that opened `negotiation` and nothing has happened since: a redelivery. */
export function isRedelivery(negotiation: Negotiation, digest: string): boolean {
  return negotiation.lastReceived?.digest === digest && negotiation.lastReceived.state === negotiation.state;
}
