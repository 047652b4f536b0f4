/** ODRL policy shapes as the DSP 2025-1 schemas accept them (compacted JSON-LD, DSP context). */
export type Operator =
  | 'eq'
  | 'gt'
  | 'gteq'
  | 'lteq'
  | 'hasPart'
  | 'isA'
  | 'isAllOf'
  | 'isAnyOf'
  | 'isNoneOf'
  | 'isPartOf'
  | 'lt'
  | 'term-lteq'
  | 'neq';

export type AtomicConstraint = {
  leftOperand: string;
  operator: Operator;
  rightOperand: string | Record<string, unknown> | unknown[];
};
export type LogicalConstraint =
  { and: Constraint[] } | { andSequence: Constraint[] } | { or: Constraint[] } | { xone: Constraint[] };
export type Constraint = AtomicConstraint | LogicalConstraint;

export type Rule = { action: string; constraint?: Constraint[] };

type PolicyBody = {
  '@id': string;
  profile?: string | string[];
  permission?: Rule[];
  prohibition?: Rule[];
  obligation?: Rule[];
};

/** An offer inside a catalog's dataset: its target is the dataset that holds it, so it names none. */
export type CatalogOffer = PolicyBody & { '@type'?: 'Offer' };

/** An offer inside a negotiation message: names its target dataset. */
export type MessageOffer = PolicyBody & { '@type': 'Offer'; target?: string };

export type Agreement = PolicyBody & {
  '@type': 'Agreement';
  target: string;
  assigner: string;
  assignee: string;
  timestamp?: string;
};
