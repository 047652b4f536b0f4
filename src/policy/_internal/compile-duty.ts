/**
 * Duties become obligations handed to the enforcement point with a permit. A duty Foedera cannot carry out is not
 * dropped: it makes the policy deny, since permitting without the duty would break the contract.
 */
import { compactIri } from '../namespaces.ts';
import type { Duty } from '../model.ts';
import type { Obligation } from '../reasons.ts';
import { DUTY_ACTIONS, LEFT_OPERAND_BY_IRI, OPERATOR_BY_IRI } from '../vocabulary.ts';
import type { CompileEnv } from './compile-env.ts';
import { asDuration, asInstant, single } from './operands.ts';

const LOG_EACH_USE: Obligation = Object.freeze({
  code: 'log-each-use',
  detail: 'Record every use of the data in the audit log',
  params: Object.freeze({}),
});

export function compileDuty(duty: Duty, env: CompileEnv): Obligation | undefined {
  switch (duty.action) {
    case DUTY_ACTIONS.logEachUse:
      if (duty.constraints.length > 0) {
        env.invalid(`${duty.path}.constraint`, 'foedera:logEachUse takes no constraint');
        return undefined;
      }
      return LOG_EACH_USE;
    case DUTY_ACTIONS.delete:
    case DUTY_ACTIONS.deleteAfter:
      return compileDelete(duty, env);
    default:
      env.unsupported('unknown-action', `${duty.path}.action: unknown duty "${compactIri(duty.action)}"`);
      return undefined;
  }
}

/**
 * `delete` (or `foedera:deleteAfter`) with at most one constraint saying when: `elapsedTime lteq P30D` (counted from
 * receipt, which only the receiver knows) or `dateTime lteq 2027-01-01T00:00:00Z`. Without one: as soon as the use ends.
 */
function compileDelete(duty: Duty, env: CompileEnv): Obligation | undefined {
  const [when, ...extra] = duty.constraints;
  if (when === undefined) {
    return Object.freeze({
      code: 'delete-after',
      detail: 'Delete the data as soon as the use ends',
      params: Object.freeze({ within: 'PT0S' }),
    });
  }
  const field = `${duty.path}.constraint`;
  if (extra.length > 0 || when.kind !== 'atomic') {
    env.invalid(field, 'a delete duty takes one constraint: elapsedTime or dateTime, with lteq');
    return undefined;
  }
  const operand = LEFT_OPERAND_BY_IRI.get(when.leftOperand);
  const operator = OPERATOR_BY_IRI.get(when.operator);
  if (operator !== 'lteq' && operator !== 'lt' && operator !== 'eq') {
    env.invalid(`${when.path}.operator`, 'a delete deadline is given with lteq, lt or eq');
    return undefined;
  }
  const value = single(when.rightOperand);
  if (operand === 'elapsedTime' && value.ok) {
    const d = asDuration(value.value);
    if (!d.ok) return void env.invalid(`${when.path}.rightOperand`, d.message);
    return Object.freeze({
      code: 'delete-after',
      detail: `Delete the data within ${d.value.text} of receiving it`,
      params: Object.freeze({ within: d.value.text }),
    });
  }
  if (operand === 'dateTime' && value.ok) {
    const at = asInstant(value.value);
    if (!at.ok) return void env.invalid(`${when.path}.rightOperand`, at.message);
    const by = new Date(at.value).toISOString();
    return Object.freeze({
      code: 'delete-after',
      detail: `Delete the data by ${by}`,
      params: Object.freeze({ by }),
    });
  }
  env.invalid(when.path, 'a delete deadline is an elapsedTime duration or a dateTime, as one value');
  return undefined;
}
