/**
 * The stable vocabulary of the decision point: why it denies, and what a permit obliges the receiver to do.
 * Codes are kebab-case and never renamed; one table at the HTTP edge maps them to statuses and problem documents.
 */
export type DenyCode =
  // confidentiality label
  | 'not-releasable'
  | 'clearance-too-low'
  | 'missing-restrictive-value'
  | 'unknown-policy'
  | 'unknown-classification'
  | 'unknown-category'
  | 'label-binding-invalid'
  // contract
  | 'agreement-not-active'
  | 'not-an-agreement'
  | 'wrong-assignee'
  | 'wrong-target'
  // usage policy
  | 'action-not-permitted'
  | 'prohibited-action'
  | 'purpose-not-permitted'
  | 'before-validity'
  | 'after-validity'
  | 'count-exhausted'
  | 'location-not-permitted'
  | 'recipient-not-permitted'
  | 'onward-transfer-prohibited'
  | 'constraint-not-satisfied'
  | 'missing-context'
  // vocabulary the evaluator does not understand: fail closed
  | 'unknown-operand'
  | 'unknown-operator'
  | 'unknown-action'
  | 'unknown-property'
  | 'unknown-profile'
  | 'unsupported-conflict-strategy'
  // a fault while deciding (a bug or an inconsistent input): denied, never thrown at the caller
  | 'decision-error';

export type DenyReason = { readonly code: DenyCode; readonly detail: string };

export type ObligationCode = 'delete-after' | 'log-each-use';

export type Obligation = {
  readonly code: ObligationCode;
  readonly detail: string;
  /** `delete-after`: `{ within: "P30D" }` (from receipt) or `{ by: "2027-01-01T00:00:00.000Z" }`; `log-each-use`: `{}`. */
  readonly params: Readonly<Record<string, string>>;
};
