/**
 * What the protocol's shell needs from the rest of the node, as small ports. The node's composition root wires them
 * to the audit log, the decision point, the signing key and the mutual-TLS client; tests and the benchmark wire them
 * to real in-process stand-ins of the same shape.
 */
import type { Transaction } from 'kysely';
import type { AuditEntryInput } from '../../audit/entry/entry.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Database } from '../../store/metadata/database.ts';
import type { MetadataStore } from '../../store/metadata/port.ts';
import type { Negotiation, NegotiationEvent, NegotiationQuestion } from '../negotiation/negotiation.ts';
import type { Transfer, TransferEvent } from '../transfer/transfer.ts';

/**
 * Appends entries, in order, to the audit log inside the caller's transaction: the audit module's `appendAuditBatch`
 * (one append for the whole batch, so that a transaction that carries several steps pays for one).
 */
export type AuditPort = (trx: Transaction<Database>, entries: readonly AuditEntryInput[]) => Promise<void>;

/** Delivers one DSP message to a counterparty and returns its answer (mutual TLS in a node). */
export type TransportPort = (request: {
  url: string;
  counterparty: string;
  message: unknown;
}) => Promise<{ status: number; body: unknown }>;

/** The agreement this node keeps for a negotiation, with both sides' signatures and the certificates verifying them. */
export type RecordedAgreement = {
  readonly agreement: unknown;
  readonly providerSignature: string | null;
  readonly consumerSignature: string | null;
  readonly providerCertificate: string | null;
  readonly consumerCertificate: string | null;
};

/**
 * Answers the questions a state machine asks (`decide` effects) with the next local event, or `null` to leave the
 * process as it is. Runs inside the transaction that applies the answer, so it must not call other nodes.
 */
export type NegotiationDecider = (input: {
  question: NegotiationQuestion;
  pid: string;
  negotiation: Negotiation;
  /** The counterparty's nation as its certificate named it when it opened the negotiation (provider side). */
  counterpartyCountry: string | null;
  trx: Transaction<Database>;
  /** The agreement kept for this negotiation, read with the claim (null when none is kept yet). */
  recorded?: RecordedAgreement | null | undefined;
  /** Audits what the decision found, in the transaction of the step it causes (appended with that step's entry). */
  audit: (entry: AuditEntryInput) => void;
}) => Promise<NegotiationEvent | null>;

export type TransferDecider = (input: {
  question: 'transfer-request';
  pid: string;
  transfer: Transfer;
  trx: Transaction<Database>;
}) => Promise<TransferEvent | null>;

export type ProtocolDeps = {
  readonly store: MetadataStore;
  /** This node's participant identifier. */
  readonly node: string;
  /** This node's DSP base URL, which counterparties call back (`callbackAddress`). */
  readonly address: string;
  readonly clock: Clock;
  readonly audit: AuditPort;
  /** New process ids (`urn:uuid:…`). */
  readonly newPid: () => string;
  /** This node's certificate (PEM), kept beside its own agreement signatures; absent where nothing is signed. */
  readonly certificate?: string;
};
