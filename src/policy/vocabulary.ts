/**
 * The terms the evaluator understands. Anything else met in a policy makes every decision under it deny, naming the
 * term (fail closed): a permission we cannot read must not widen access, and a prohibition we cannot read must not
 * silently lapse.
 */
import { FOEDERA_ODRL, ODRL } from './namespaces.ts';

const odrl = (term: string): string => ODRL + term;
const foedera = (term: string): string => FOEDERA_ODRL + term;

/**
 * Permission and prohibition actions, each with the action it is included in (ODRL 2.2 `includedIn`): a permission to
 * `use` covers `read`; a permission to `read` does not cover `use`. `transfer` (of ownership) is not part of `use`.
 * `foedera:compute` is compute-to-data: the code comes to the data, which never leaves the provider.
 */
export const ACTIONS: ReadonlyMap<string, string | undefined> = new Map<string, string | undefined>([
  [odrl('use'), undefined],
  [odrl('transfer'), undefined],
  ...[
    'read',
    'reproduce',
    'distribute',
    'display',
    'present',
    'print',
    'play',
    'stream',
    'derive',
    'aggregate',
    'anonymize',
    'annotate',
    'archive',
    'index',
    'execute',
    'extract',
    'modify',
    'transform',
    'translate',
  ].map((term): [string, string] => [odrl(term), odrl('use')]),
  [foedera('compute'), odrl('use')],
]);

/** Duty actions and the obligation each turns into. */
export const DUTY_ACTIONS = {
  delete: odrl('delete'),
  deleteAfter: foedera('deleteAfter'),
  logEachUse: foedera('logEachUse'),
} as const;

export const OPERATORS = {
  eq: odrl('eq'),
  neq: odrl('neq'),
  lt: odrl('lt'),
  lteq: odrl('lteq'),
  gt: odrl('gt'),
  gteq: odrl('gteq'),
  isA: odrl('isA'),
  isPartOf: odrl('isPartOf'),
  hasPart: odrl('hasPart'),
  isAnyOf: odrl('isAnyOf'),
  isAllOf: odrl('isAllOf'),
  isNoneOf: odrl('isNoneOf'),
} as const;
export type OperatorName = keyof typeof OPERATORS;
export const OPERATOR_BY_IRI: ReadonlyMap<string, OperatorName> = new Map(
  Object.entries(OPERATORS).map(([name, iri]) => [iri, name as OperatorName]),
);

export const LEFT_OPERANDS = {
  purpose: odrl('purpose'),
  dateTime: odrl('dateTime'),
  elapsedTime: odrl('elapsedTime'),
  count: odrl('count'),
  spatial: odrl('spatial'),
  recipient: odrl('recipient'),
  releasableTo: foedera('releasableTo'),
  noOnwardTransfer: foedera('noOnwardTransfer'),
} as const;
export type LeftOperandName = keyof typeof LEFT_OPERANDS;
export const LEFT_OPERAND_BY_IRI: ReadonlyMap<string, LeftOperandName> = new Map(
  Object.entries(LEFT_OPERANDS).map(([name, iri]) => [iri, name as LeftOperandName]),
);

export const CONFLICT = { perm: odrl('perm'), prohibit: odrl('prohibit'), invalid: odrl('invalid') } as const;

/** Whether a permission or prohibition on `granted` covers a request for `requested`, through `includedIn`. */
export function actionCovers(granted: string, requested: string): boolean {
  for (let a: string | undefined = requested; a !== undefined; a = ACTIONS.get(a))
    if (a === granted) return true;
  return false;
}
