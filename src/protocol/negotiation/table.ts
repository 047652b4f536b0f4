import { tableForRole, type Role, type TransitionRow } from '../_internal/table.ts';
import type { NegotiationState } from '../messages/types.ts';

export const NEGOTIATION_STATES: readonly NegotiationState[] = [
  'REQUESTED',
  'OFFERED',
  'ACCEPTED',
  'AGREED',
  'VERIFIED',
  'FINALIZED',
  'TERMINATED',
];
export const NEGOTIATION_FINAL_STATES: ReadonlySet<NegotiationState> = new Set(['FINALIZED', 'TERMINATED']);

/** What moves a negotiation: a message type, or for event messages their `eventType`. */
export type NegotiationSignal =
  | 'ContractRequestMessage'
  | 'ContractOfferMessage'
  | 'ACCEPTED'
  | 'ContractAgreementMessage'
  | 'ContractAgreementVerificationMessage'
  | 'FINALIZED'
  | 'ContractNegotiationTerminationMessage';

const OPEN: readonly NegotiationState[] = NEGOTIATION_STATES.filter((s) => !NEGOTIATION_FINAL_STATES.has(s));

/**
 * The DSP 2025-1 contract negotiation state machine. Counter-offers are the consumer's request from OFFERED and the
 * provider's offer from REQUESTED; the provider may agree at once to a request (REQUESTED → AGREED).
 */
export const NEGOTIATION_TRANSITIONS: readonly TransitionRow<NegotiationState, NegotiationSignal>[] = [
  { signal: 'ContractRequestMessage', sender: 'consumer', from: ['INITIAL', 'OFFERED'], to: 'REQUESTED' },
  { signal: 'ContractOfferMessage', sender: 'provider', from: ['INITIAL', 'REQUESTED'], to: 'OFFERED' },
  { signal: 'ACCEPTED', sender: 'consumer', from: ['OFFERED'], to: 'ACCEPTED' },
  { signal: 'ContractAgreementMessage', sender: 'provider', from: ['REQUESTED', 'ACCEPTED'], to: 'AGREED' },
  { signal: 'ContractAgreementVerificationMessage', sender: 'consumer', from: ['AGREED'], to: 'VERIFIED' },
  { signal: 'FINALIZED', sender: 'provider', from: ['VERIFIED'], to: 'FINALIZED' },
  { signal: 'ContractNegotiationTerminationMessage', sender: 'either', from: OPEN, to: 'TERMINATED' },
];

export const negotiationTable = (role: Role) => tableForRole(NEGOTIATION_TRANSITIONS, role);
