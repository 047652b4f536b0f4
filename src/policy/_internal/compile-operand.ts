/**
 * Per-operand compilation. Ordered operands (time, counts) become one numeric comparison; term operands (purpose,
 * place, recipient, nationality) become one set lookup, the broader-term relation having been closed at compile time.
 */
import type { DenyCode, DenyReason } from '../reasons.ts';
import type { PolicyInput } from '../request.ts';
import { ancestors } from '../regions.ts';
import type { OperatorName } from '../vocabulary.ts';
import type { OperandSpec } from './compile-env.ts';
import { asBoolean, asCount, asDuration, asInstant, asTerms, single } from './operands.ts';
import { addDuration } from './xsd.ts';
import { FALSE, TRUE, UNKNOWN, nowMs } from './truth.ts';
import type { Check } from './truth.ts';

const ORDERED: readonly OperatorName[] = ['eq', 'neq', 'lt', 'lteq', 'gt', 'gteq'];
const COUNT_OPERATORS: readonly OperatorName[] = ['lt', 'lteq'];

function notApplicable(spec: OperandSpec): undefined {
  spec.env.invalid(
    `${spec.constraint.path}.operator`,
    `operator "${spec.operator}" does not apply to ${spec.operand}`,
  );
  return undefined;
}

function badOperand(spec: OperandSpec, message: string): undefined {
  spec.env.invalid(`${spec.constraint.path}.rightOperand`, message);
  return undefined;
}

const missing = (path: string, what: string): DenyReason => ({
  code: 'missing-context',
  detail: `${path}: ${what}`,
});

function compare(operator: OperatorName, right: number): ((v: number) => boolean) | undefined {
  switch (operator) {
    case 'eq':
      return (v) => v === right;
    case 'neq':
      return (v) => v !== right;
    case 'lt':
      return (v) => v < right;
    case 'lteq':
      return (v) => v <= right;
    case 'gt':
      return (v) => v > right;
    case 'gteq':
      return (v) => v >= right;
    case 'isA':
    case 'isPartOf':
    case 'hasPart':
    case 'isAnyOf':
    case 'isAllOf':
    case 'isNoneOf':
      return undefined;
  }
}

/** `dateTime`, `elapsedTime` (as a deadline from the agreement timestamp) and `count` (this use is `useCount + 1`). */
export function compileOrdered(spec: OperandSpec): Check | undefined {
  const { constraint: c, operand, operator, env } = spec;
  const allowed = operand === 'count' ? COUNT_OPERATORS : ORDERED;
  if (!allowed.includes(operator)) return notApplicable(spec);
  const one = single(c.rightOperand);
  if (!one.ok) return badOperand(spec, one.message);
  const path = c.path;

  if (operand === 'count') {
    const n = asCount(one.value);
    if (!n.ok) return badOperand(spec, n.message);
    const test = compare(operator, n.value);
    if (test === undefined) return notApplicable(spec);
    return (input, sink) => {
      const used = input.context.useCount;
      if (used === undefined || !(used >= 0)) {
        sink?.push(missing(path, 'count needs the number of earlier uses (useCount)'));
        return UNKNOWN;
      }
      if (test(used + 1)) return TRUE;
      sink?.push({
        code: 'count-exhausted',
        detail: `${path}: use ${used + 1} is not ${operator} ${n.value}`,
      });
      return FALSE;
    };
  }

  let bound: number;
  let shown: string;
  if (operand === 'dateTime') {
    const at = asInstant(one.value);
    if (!at.ok) return badOperand(spec, at.message);
    bound = at.value;
    shown = new Date(bound).toISOString();
  } else {
    const d = asDuration(one.value);
    if (!d.ok) return badOperand(spec, d.message);
    if (env.timestamp === undefined) {
      return (_input, sink) => {
        sink?.push(missing(path, 'elapsedTime needs the agreement timestamp, and the policy has none'));
        return UNKNOWN;
      };
    }
    bound = addDuration(env.timestamp, d.value);
    shown = `${d.value.text} after the agreement (${new Date(bound).toISOString()})`;
  }
  const test = compare(operator, bound);
  if (test === undefined) return notApplicable(spec);
  return (input, sink) => {
    const now = nowMs(input);
    if (test(now)) return TRUE;
    if (Number.isNaN(now)) {
      sink?.push(missing(path, 'the decision time is not a valid instant'));
      return UNKNOWN;
    }
    if (sink !== null) {
      const code: DenyCode = now < bound ? 'before-validity' : 'after-validity';
      sink.push({ code, detail: `${path}: ${new Date(now).toISOString()} is not ${operator} ${shown}` });
    }
    return FALSE;
  };
}

const TERM_CODES = {
  purpose: 'purpose-not-permitted',
  spatial: 'location-not-permitted',
  recipient: 'recipient-not-permitted',
  releasableTo: 'not-releasable',
} as const satisfies Record<string, DenyCode>;

/** `purpose`, `spatial`, `recipient` and `foedera:releasableTo`, each compiled to a membership test. */
export function compileTerm(spec: OperandSpec): Check | undefined {
  const { constraint: c, operator, env } = spec;
  const operand = spec.operand as keyof typeof TERM_CODES;
  const terms = asTerms(c.rightOperand);
  if (!terms.ok) return badOperand(spec, terms.message);
  if ((operator === 'eq' || operator === 'neq') && terms.value.length !== 1) {
    return badOperand(spec, `operator "${operator}" takes one value, not a list`);
  }
  const rights = terms.value;
  let members: Set<string>;
  let negate = false;
  switch (operator) {
    case 'eq':
    case 'isAnyOf':
      members = new Set(rights);
      break;
    case 'neq':
      members = new Set(rights);
      negate = true;
      break;
    case 'isNoneOf':
      // Read in the direction that narrows access: "none of [EU]" also excludes FRA. (isAnyOf stays literal for the
      // same reason: "any of [EU]" does not admit FRA; write isPartOf for that.)
      members = new Set(rights.flatMap((r) => [r, ...narrower(env.hierarchy, r)]));
      negate = true;
      break;
    case 'isA':
    case 'isPartOf':
      // The value, or anything narrower than one of the right operands (FRA isPartOf EU).
      members = new Set(rights.flatMap((r) => [r, ...narrower(env.hierarchy, r)]));
      break;
    case 'isAllOf':
      // The value is each of the right operands: FRA isAllOf [EU, NATO].
      members = intersect(rights.map((r) => new Set([r, ...narrower(env.hierarchy, r)])));
      break;
    case 'hasPart':
      // The value contains every right operand: EU hasPart FRA.
      members = intersect(rights.map((r) => new Set([r, ...ancestors(env.hierarchy, r)])));
      break;
    case 'lt':
    case 'lteq':
    case 'gt':
    case 'gteq':
      return notApplicable(spec);
  }
  const code = TERM_CODES[operand];
  const path = c.path;
  const fail = (value: string, sink: DenyReason[] | null, who = operand as string): typeof FALSE => {
    sink?.push({ code, detail: `${path}: ${who} "${value}" is not ${operator} ${JSON.stringify(rights)}` });
    return FALSE;
  };
  const holds = (value: string): boolean => members.has(value) !== negate;

  switch (operand) {
    case 'purpose':
    case 'spatial': {
      const read =
        operand === 'purpose'
          ? (i: PolicyInput) => i.context.purpose
          : (i: PolicyInput) => i.context.location;
      return (input, sink) => {
        const value = read(input);
        if (value === undefined) {
          sink?.push(missing(path, `no ${operand === 'purpose' ? 'purpose' : 'location'} was declared`));
          return UNKNOWN;
        }
        return holds(value) ? TRUE : fail(value, sink);
      };
    }
    case 'recipient':
      return (input, sink) => {
        const value = input.context.recipientParticipant ?? input.subject.participant.id;
        return holds(value) ? TRUE : fail(value, sink);
      };
    case 'releasableTo':
      // Released to the participant's nation and, when a person asks, to that person's nationality: both must hold.
      return (input, sink) => {
        const country = input.subject.participant.country;
        const nationality = input.subject.user?.nationality;
        let result: typeof TRUE | typeof FALSE = TRUE;
        if (!holds(country)) result = fail(country, sink, 'participant country');
        if (nationality !== undefined && !holds(nationality))
          result = fail(nationality, sink, 'user nationality');
        return result;
      };
  }
}

/** `foedera:noOnwardTransfer eq true`: this use must not pass the data on. */
export function compileBoolean(spec: OperandSpec): Check | undefined {
  const { constraint: c, operator } = spec;
  if (operator !== 'eq' && operator !== 'neq') return notApplicable(spec);
  const one = single(c.rightOperand);
  if (!one.ok) return badOperand(spec, one.message);
  const b = asBoolean(one.value);
  if (!b.ok) return badOperand(spec, b.message);
  const wanted = operator === 'eq' ? b.value : !b.value;
  const path = c.path;
  return (input, sink) => {
    const onward = input.context.onwardTransfer;
    if (onward === undefined) {
      sink?.push(
        missing(path, 'noOnwardTransfer needs to know whether this use passes the data on (onwardTransfer)'),
      );
      return UNKNOWN;
    }
    if (!onward === wanted) return TRUE;
    sink?.push({
      code: 'onward-transfer-prohibited',
      detail: `${path}: ${onward ? 'passing the data on' : 'keeping the data'} is not allowed here`,
    });
    return FALSE;
  };
}

function narrower(hierarchy: OperandSpec['env']['hierarchy'], term: string): string[] {
  const out: string[] = [];
  for (const candidate of hierarchy.keys())
    if (ancestors(hierarchy, candidate).has(term)) out.push(candidate);
  return out;
}

function intersect(sets: readonly Set<string>[]): Set<string> {
  const [first, ...rest] = sets;
  if (first === undefined) return new Set();
  return new Set([...first].filter((x) => rest.every((s) => s.has(x))));
}
