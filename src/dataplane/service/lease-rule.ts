/**
 * How long an offline key lease an agreement's policy allows (docs/decisions/0021). The policy module has no term of
 * its own for leases, and an unknown term would make every decision deny, so the rule reads terms it already
 * enforces: a `use` permission whose top-level constraints end it at a fixed instant (`dateTime` `lt`/`lteq`) and
 * that counts no uses (`count` needs the owner online) allows a lease until that instant, at most `maxSeconds`.
 * A permission without an end allows none: open-ended use stays under the owner's per-use control.
 */
import type { AtomicConstraint, OdrlPolicy, OperandValue, Rule } from '../../policy/model.ts';
import { ODRL } from '../../policy/namespaces.ts';

export const LEASE_MAX_SECONDS = 24 * 3600;

const USE = `${ODRL}use`;
const DATE_TIME = `${ODRL}dateTime`;
const COUNT = `${ODRL}count`;
const ENDS = new Set([`${ODRL}lt`, `${ODRL}lteq`]);

function endOf(constraint: AtomicConstraint): number | undefined {
  if (constraint.leftOperand !== DATE_TIME || !ENDS.has(constraint.operator)) return undefined;
  const operand = constraint.rightOperand;
  const one = Array.isArray(operand) ? undefined : (operand as OperandValue);
  if (one?.kind !== 'literal' || typeof one.value !== 'string') return undefined;
  const end = Date.parse(one.value);
  return Number.isNaN(end) ? undefined : end;
}

function leaseEndOf(rule: Rule): number | undefined {
  if (rule.action !== USE) return undefined;
  let end: number | undefined;
  for (const constraint of rule.constraints) {
    if (constraint.kind !== 'atomic') continue;
    if (constraint.leftOperand === COUNT) return undefined;
    const candidate = endOf(constraint);
    if (candidate !== undefined) end = end === undefined ? candidate : Math.min(end, candidate);
  }
  return end;
}

/** Seconds of lease from `now`, or undefined when the policy allows none (or its end has passed). */
export function leaseSecondsOf(
  policy: OdrlPolicy,
  options: { now: Date; maxSeconds?: number },
): number | undefined {
  const ends = policy.permissions.map(leaseEndOf);
  // Every `use` permission must be time-bounded: one open-ended permission would let the lease outlive nothing.
  if (ends.length === 0 || ends.some((end) => end === undefined)) return undefined;
  const end = Math.max(...(ends as number[]));
  const seconds = Math.floor((end - options.now.getTime()) / 1000);
  if (seconds <= 0) return undefined;
  return Math.min(seconds, options.maxSeconds ?? LEASE_MAX_SECONDS);
}
