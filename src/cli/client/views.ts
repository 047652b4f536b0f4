/**
 * What the management API answers, in the module types the routes build their answers from. Request bodies come
 * from the routes' own typebox schemas where a module exports them (catalog); the negotiation and transfer routes
 * keep their schemas private (src/protocol/http/management-routes.ts), so their views are written here from the
 * protocol's record types and checked by the end-to-end test.
 */
import type { Static } from 'typebox';
import type { CatalogDataset } from '../../catalog/dataset.ts';
import type { CatalogSearchQueryType, DatasetBody, RefreshBody } from '../../catalog/http/schemas.ts';
import type { Progress, ReceivedList } from '../../dataplane/api/schemas.ts';
import type { Agreement, MessageOffer } from '../../protocol/messages/odrl.ts';
import type { NegotiationState, TransferState } from '../../protocol/messages/types.ts';
import type { Negotiation } from '../../protocol/negotiation/negotiation.ts';
import type { Transfer } from '../../protocol/transfer/transfer.ts';
import type { UserClaims } from '../../trust/tokens/claims.ts';

export type { CatalogDataset, NegotiationState, TransferState };

export type DatasetInput = Static<typeof DatasetBody>;
export type CatalogQuery = Partial<CatalogSearchQueryType>;
export type RefreshInput = Static<typeof RefreshBody>;

/** Lists paginate: the catalog's by offset (`next` is the next offset), the protocol's by key (`next` is the last pid). */
export type Page<T> = { readonly items: T[]; readonly next?: number | string };

/** A catalog hit: this node's own dataset, or one from a peer's cached catalog. */
export type CatalogItem = CatalogDataset | { readonly dataset: CatalogDataset; readonly peer: string };

export type RefreshResult = { peer: string; datasets: number; skipped: unknown[] };

export type NegotiationOutcome = { terminated: string | null; reasons: unknown[] };

export type NegotiationView = Pick<
  Negotiation,
  'role' | 'state' | 'counterparty' | 'providerPid' | 'consumerPid' | 'agreement'
> & {
  pid: string;
  target: string;
  offer: MessageOffer & { target: string };
  outcome?: NegotiationOutcome;
};

export type NegotiationRow = {
  id: string;
  pid: string;
  state: NegotiationState;
  role: Negotiation['role'];
  counterparty: string;
  target: string;
  dataset: string;
  updated_at: string;
  agreementId?: string;
  reason?: string;
};

export type AgreementRow = {
  agreement_id: string;
  negotiation_pid: string;
  provider: string;
  consumer: string;
  target: string;
  agreement: Agreement;
  created_at: string;
};

/** One agreement with both nodes' signatures (ES384 JWS) and the certificates that verify them. */
export type AgreementDetail = {
  agreementId: string;
  negotiationPid: string;
  provider: string;
  consumer: string;
  target: string;
  agreement: Agreement;
  createdAt: string;
  signatures: {
    provider: { jws: string; certificate: string | null } | null;
    consumer: { jws: string; certificate: string | null } | null;
  };
};

export type TransferView = Pick<
  Transfer,
  'role' | 'state' | 'counterparty' | 'providerPid' | 'consumerPid' | 'agreementId' | 'format' | 'dataAddress'
> & {
  pid: string;
  /** Shown as a progress bar when the node reports them. */
  bytesDone?: number;
  bytesTotal?: number;
  reason?: string;
};

/** What the consumer's data plane holds of the object a transfer pulls (GET /v1/dataplane/transfers/:pid/progress). */
export type TransferProgress = Static<typeof Progress>;

/** Objects this node received or is receiving (GET /v1/dataplane/received). */
export type Received = Static<typeof ReceivedList>;

export type TransferRow = {
  id: string;
  pid: string;
  state: TransferState;
  role: Transfer['role'];
  counterparty: string;
  agreementId: string;
  dataset: string;
  updated_at: string;
};

export type StartNegotiationInput = {
  provider: string;
  /** Absent: the node sends it where the provider's catalog in its federated catalog said. */
  providerAddress?: string;
  offer: MessageOffer & { target: string };
};

export type StartTransferInput = {
  provider: string;
  /** Absent: the node sends it where the provider's catalog says it listens, else where it negotiated the agreement. */
  providerAddress?: string;
  agreementId: string;
  format: string;
};

export type Me = Omit<UserClaims, 'expiresAt'> & { expiresAt: string };

export type Revocation = { thisUpdate: string; nextUpdate: string | null; revoked: string[] };

export type TrustEvent = { kind: string; at: string; [field: string]: unknown };

export type ProbeResult = { status: number; peer: string; answer: unknown };

export type Readiness = { ready: boolean; checks: Record<string, string> };
