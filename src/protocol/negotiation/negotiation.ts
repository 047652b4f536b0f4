import type { Role } from '../_internal/table.ts';
import type { Agreement, MessageOffer } from '../messages/odrl.ts';
import type { NegotiationMessage, NegotiationState } from '../messages/types.ts';

/** One side's record of a contract negotiation: what the pure transitions read and return. */
export type Negotiation = {
  readonly role: Role;
  readonly state: NegotiationState;
  /** Unknown to a consumer until the provider acknowledges its first request. */
  readonly providerPid: string | null;
  /** Unknown to a provider until the consumer acknowledges its first offer. */
  readonly consumerPid: string | null;
  /** The counterparty's participant identifier (from its mutual-TLS certificate). */
  readonly counterparty: string;
  /** The counterparty's DSP base URL: the provider's protocol address, or the consumer's callback address. */
  readonly counterpartyAddress: string;
  /** The offer on the table, and who made it. */
  readonly offer: MessageOffer & { target: string };
  readonly offeredBy: Role;
  readonly agreement: Agreement | null;
  /**
   * The last message received and the state it led to. The same message arriving again while the negotiation is still
   * in that state is a redelivery (its acknowledgement was lost) and is answered without a second effect.
   */
  readonly lastReceived: { readonly digest: string; readonly state: NegotiationState } | null;
};

/** Effects are data: the shell performs them after the new state is committed. */
export type NegotiationEffect =
  | { readonly type: 'send'; readonly path: string; readonly message: NegotiationMessage }
  /**
   * The local node must decide before the negotiation moves on: a provider decides a request (or an accepted offer)
   * with its decision point, a consumer decides an offer, checks an agreement, and a provider checks a verification.
   */
  | { readonly type: 'decide'; readonly question: NegotiationQuestion }
  /** The agreement to keep, with the provider's signature over it when there is one. */
  | { readonly type: 'record-agreement'; readonly agreement: Agreement; readonly signature?: string }
  /** The consumer's verification of the agreement, with its signature over it when there is one. */
  | { readonly type: 'record-verification'; readonly signature?: string }
  | { readonly type: 'finished'; readonly state: 'FINALIZED' | 'TERMINATED' };

export type NegotiationQuestion =
  'contract-request' | 'contract-offer' | 'contract-agreement' | 'contract-verification';

/** Local commands (from the node's own decision or its management API) and received messages. */
export type NegotiationEvent =
  | { readonly kind: 'receive'; readonly message: NegotiationMessage; readonly digest: string }
  | { readonly kind: 'acknowledged'; readonly providerPid?: string; readonly consumerPid?: string }
  | { readonly kind: 'request'; readonly offer: MessageOffer & { target: string } }
  | { readonly kind: 'offer'; readonly offer: MessageOffer & { target: string } }
  | { readonly kind: 'accept' }
  | { readonly kind: 'agree'; readonly agreement: Agreement; readonly signature?: string }
  | { readonly kind: 'verify'; readonly signature?: string }
  | { readonly kind: 'finalize' }
  | { readonly kind: 'terminate'; readonly code?: string; readonly reason?: string[] };

export type NegotiationRefusal = 'invalid-transition' | 'pid-mismatch' | 'invalid-agreement';

export type NegotiationTransition =
  | {
      readonly ok: true;
      readonly state: Negotiation;
      readonly effects: readonly NegotiationEffect[];
      /** True when the event was a redelivery of a message already applied: nothing changed. */
      readonly replay: boolean;
    }
  | { readonly ok: false; readonly reason: NegotiationRefusal; readonly detail: string };
