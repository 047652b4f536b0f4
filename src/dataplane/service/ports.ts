/**
 * What the key service needs from the rest of the node, as small function types. The node's composition root wires
 * them: agreements from the protocol module's negotiation store, decisions from the policy decision point, audit
 * entries into the audit log in the same transaction as the service's own writes.
 */
import type { Transaction } from 'kysely';
import type { AuditEntryInput } from '../../audit/entry/entry.ts';
import type { Subject } from '../../policy/request.ts';
import type { Result } from '../../shared/result.ts';
import type { Database } from '../../store/metadata/database.ts';

export type AgreementState = 'active' | 'suspended' | 'terminated' | 'revoked';

/** The facts of a contract agreement the key service acts on. */
export type AgreementView = {
  readonly id: string;
  readonly state: AgreementState;
  /** Participant that provides the data (must be this node's participant). */
  readonly provider: string;
  /** Participant the agreement is assigned to: the only one that may ask for keys under it. */
  readonly consumer: string;
  /** Dataset the agreement is about. */
  readonly target: string;
  /** Seconds an offline key lease may last, when the agreement's policy allows leases at all. */
  readonly leaseSeconds?: number;
};

export type AgreementLookup = (agreementId: string) => Promise<AgreementView | undefined>;

export type KeyDecisionInput = {
  readonly subject: Subject;
  readonly agreement: AgreementView;
  readonly datasetId: string;
  readonly label: unknown;
  /** The outcome of verifying the label binding: the decision point denies unless it is ok. */
  readonly labelBinding: Result<unknown, string>;
  readonly now: Date;
  /** The purpose the requester states for this use; a policy's purpose constraint is checked against it. */
  readonly purpose?: string;
};

/** The policy decision point's answer, in the shape `decide()` returns. */
export type KeyDecision = {
  readonly decision: 'permit' | 'deny';
  readonly reasons: readonly { readonly code: string; readonly detail: string }[];
};

export type DecidePort = (input: KeyDecisionInput) => KeyDecision | Promise<KeyDecision>;

/** Appends one entry to the audit log inside the caller's transaction (`appendAudit` of the audit module). */
export type AuditPort = (trx: Transaction<Database>, entry: AuditEntryInput) => Promise<void>;
