import { AGREEMENT_SIGNATURE } from './extensions.ts';
import type { Agreement, MessageOffer } from './odrl.ts';
import {
  DSP_CONTEXT_URL,
  type ContractAgreementMessage,
  type ContractAgreementVerificationMessage,
  type ContractNegotiation,
  type ContractNegotiationError,
  type ContractNegotiationEventMessage,
  type ContractNegotiationEventType,
  type ContractNegotiationTerminationMessage,
  type ContractOfferMessage,
  type ContractRequestMessage,
  type NegotiationState,
} from './types.ts';

type Pids = { providerPid: string; consumerPid: string };
type CodeAndReason = { code?: string; reason?: unknown[] };

const context = (): string[] => [DSP_CONTEXT_URL];

// Optional terms are left out rather than set to undefined, so the output is exactly what the schema expects.
function withCodeAndReason<T extends object>(base: T, options: CodeAndReason): T & CodeAndReason {
  return {
    ...base,
    ...(options.code === undefined ? {} : { code: options.code }),
    ...(options.reason === undefined || options.reason.length === 0 ? {} : { reason: options.reason }),
  };
}

/** A consumer's request: initial (with `callbackAddress`, no `providerPid`) or a counter-request (with `providerPid`). */
export function contractRequestMessage(
  options: { consumerPid: string; offer: MessageOffer } & (
    { callbackAddress: string; providerPid?: undefined } | { providerPid: string; callbackAddress?: string }
  ),
): ContractRequestMessage {
  return {
    '@context': context(),
    '@type': 'ContractRequestMessage',
    consumerPid: options.consumerPid,
    ...(options.providerPid === undefined ? {} : { providerPid: options.providerPid }),
    offer: options.offer,
    ...(options.callbackAddress === undefined ? {} : { callbackAddress: options.callbackAddress }),
  };
}

/** A provider's offer: initial (with `callbackAddress`, no `consumerPid`) or a counter-offer (with `consumerPid`). */
export function contractOfferMessage(
  options: { providerPid: string; offer: MessageOffer & { target: string } } & (
    { callbackAddress: string; consumerPid?: undefined } | { consumerPid: string; callbackAddress?: string }
  ),
): ContractOfferMessage {
  return {
    '@context': context(),
    '@type': 'ContractOfferMessage',
    providerPid: options.providerPid,
    ...(options.consumerPid === undefined ? {} : { consumerPid: options.consumerPid }),
    offer: options.offer,
    ...(options.callbackAddress === undefined ? {} : { callbackAddress: options.callbackAddress }),
  };
}

type Signed = { signature?: string | undefined };
const signed = (options: Signed) =>
  options.signature === undefined ? {} : { [AGREEMENT_SIGNATURE]: options.signature };

/** The provider's agreement, with its signature over it when it signs (a Foedera extension term). */
export function contractAgreementMessage(
  options: Pids & { agreement: Agreement } & Signed,
): ContractAgreementMessage {
  return {
    '@context': context(),
    '@type': 'ContractAgreementMessage',
    providerPid: options.providerPid,
    consumerPid: options.consumerPid,
    agreement: options.agreement,
    ...signed(options),
  };
}

/** The consumer's verification, with its own signature over the agreement when it signs. */
export function contractAgreementVerificationMessage(
  options: Pids & Signed,
): ContractAgreementVerificationMessage {
  return {
    '@context': context(),
    '@type': 'ContractAgreementVerificationMessage',
    providerPid: options.providerPid,
    consumerPid: options.consumerPid,
    ...signed(options),
  };
}

export function contractNegotiationEventMessage(
  options: Pids & { eventType: ContractNegotiationEventType },
): ContractNegotiationEventMessage {
  return {
    '@context': context(),
    '@type': 'ContractNegotiationEventMessage',
    providerPid: options.providerPid,
    consumerPid: options.consumerPid,
    eventType: options.eventType,
  };
}

export function contractNegotiationTerminationMessage(
  options: Pids & CodeAndReason,
): ContractNegotiationTerminationMessage {
  return withCodeAndReason(
    {
      '@context': context(),
      '@type': 'ContractNegotiationTerminationMessage' as const,
      providerPid: options.providerPid,
      consumerPid: options.consumerPid,
    },
    options,
  );
}

export function contractNegotiation(options: Pids & { state: NegotiationState }): ContractNegotiation {
  return {
    '@context': context(),
    '@type': 'ContractNegotiation',
    providerPid: options.providerPid,
    consumerPid: options.consumerPid,
    state: options.state,
  };
}

export function contractNegotiationError(options: Pids & CodeAndReason): ContractNegotiationError {
  return withCodeAndReason(
    {
      '@context': context(),
      '@type': 'ContractNegotiationError' as const,
      providerPid: options.providerPid,
      consumerPid: options.consumerPid,
    },
    options,
  );
}
