/**
 * Compiles one ODRL constraint into a closure. Everything that can be decided once (operand types, dates, deadlines,
 * term sets, the closure of the broader-term relation) is decided here, so that evaluation is comparisons and lookups.
 */
import { compactIri } from '../namespaces.ts';
import type { AtomicConstraint, Constraint } from '../model.ts';
import { LEFT_OPERAND_BY_IRI, OPERATOR_BY_IRI } from '../vocabulary.ts';
import type { LeftOperandName, OperatorName } from '../vocabulary.ts';
import type { CompileEnv, OperandSpec } from './compile-env.ts';
import { compileLogical } from './compile-logical.ts';
import { compileOrdered, compileTerm, compileBoolean } from './compile-operand.ts';
import { UNKNOWN } from './truth.ts';
import type { Check } from './truth.ts';

export function compileConstraint(constraint: Constraint, env: CompileEnv): Check {
  if (constraint.kind === 'atomic') return compileAtomic(constraint, env);
  const children = constraint.constraints.map((c) => compileConstraint(c, env));
  return compileLogical({ kind: constraint.kind, path: constraint.path, children });
}

/** Checks that never run: the policy is refused (invalid) or denies everything (unsupported) before they could. */
const unreachable: Check = () => UNKNOWN;

function compileAtomic(c: AtomicConstraint, env: CompileEnv): Check {
  const operand: LeftOperandName | undefined = LEFT_OPERAND_BY_IRI.get(c.leftOperand);
  const operator: OperatorName | undefined = OPERATOR_BY_IRI.get(c.operator);
  if (operand === undefined) {
    env.unsupported(
      'unknown-operand',
      `${c.path}.leftOperand: unknown left operand "${compactIri(c.leftOperand)}"`,
    );
  }
  if (operator === undefined) {
    env.unsupported('unknown-operator', `${c.path}.operator: unknown operator "${compactIri(c.operator)}"`);
  }
  if (operand === undefined || operator === undefined) return unreachable;
  const spec: OperandSpec = { constraint: c, operand, operator, env };
  switch (operand) {
    case 'dateTime':
    case 'elapsedTime':
    case 'count':
      return compileOrdered(spec) ?? unreachable;
    case 'purpose':
    case 'spatial':
    case 'recipient':
    case 'releasableTo':
      return compileTerm(spec) ?? unreachable;
    case 'noOnwardTransfer':
      return compileBoolean(spec) ?? unreachable;
  }
}
