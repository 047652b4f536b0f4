/**
 * ODRL 2.2 policies as Foedera reads them from the Dataspace Protocol: every name already expanded to its IRI,
 * every node carrying the JSON path it came from so that refusals and errors can point at it.
 */
export type PolicyType = 'Offer' | 'Agreement' | 'Set';

/** A right-operand value: a literal (with its datatype IRI when it was typed) or an IRI reference. */
export type OperandValue =
  | { readonly kind: 'literal'; readonly value: string | number | boolean; readonly datatype?: string }
  | { readonly kind: 'iri'; readonly iri: string };

export type AtomicConstraint = {
  readonly kind: 'atomic';
  readonly path: string;
  readonly leftOperand: string;
  readonly operator: string;
  /** One value, or several for the set-based operators. */
  readonly rightOperand: OperandValue | readonly OperandValue[];
};

export type LogicalOperator = 'and' | 'andSequence' | 'or' | 'xone';

export type LogicalConstraint = {
  readonly kind: LogicalOperator;
  readonly path: string;
  readonly constraints: readonly Constraint[];
};

export type Constraint = AtomicConstraint | LogicalConstraint;

export type Duty = {
  readonly path: string;
  readonly action: string;
  readonly constraints: readonly Constraint[];
};

export type Rule = {
  readonly path: string;
  readonly action: string;
  readonly constraints: readonly Constraint[];
  /** Duties of a permission; always empty for a prohibition (ODRL remedies are not supported and deny). */
  readonly duties: readonly Duty[];
  readonly target?: string;
  readonly assignee?: string;
  readonly assigner?: string;
};

/** A property the parser kept but whose meaning Foedera does not implement: it makes the policy deny. */
export type UnknownProperty = { readonly path: string; readonly name: string };

export type OdrlPolicy = {
  readonly id: string;
  readonly type: PolicyType;
  readonly profiles: readonly string[];
  readonly target?: string;
  readonly assigner?: string;
  readonly assignee?: string;
  /** Agreement timestamp in epoch milliseconds; the origin of `elapsedTime`. */
  readonly timestamp?: number;
  readonly conflict?: string;
  readonly permissions: readonly Rule[];
  readonly prohibitions: readonly Rule[];
  readonly obligations: readonly Duty[];
  readonly unknownProperties: readonly UnknownProperty[];
};
