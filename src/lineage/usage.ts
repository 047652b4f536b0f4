/**
 * Usage constraints of an artefact summarised from its ODRL policies, so that those of derived data can be computed:
 * a derived artefact may be used only in ways every input allows. The summary keeps what Foedera's decision point
 * understands (actions, purpose, recipient and releasable-to, time window, count, onward transfer, prohibitions,
 * obligations); any other constraint is carried verbatim (`residual`) and so still applies to the derived artefact.
 *
 * Conservative by design: a policy with several permissions, or an artefact with several offers, is summarised by
 * what all of them require together, because which offer a consumer agreed to is not known when data is derived.
 */
import canonicalize from 'canonicalize';
import { expandTerm, compactIri } from '../policy/namespaces.ts';
import { actionCovers } from '../policy/vocabulary.ts';
import type { CatalogOffer, Constraint, Rule } from '../protocol/messages/odrl.ts';

export type UsageConstraints = {
  /** Actions permitted (expanded IRIs, sorted); empty means nothing is permitted. */
  readonly permittedActions: readonly string[];
  /** Purposes the use must be for; `null` means any purpose. */
  readonly purposes: readonly string[] | null;
  /** Recipients (participants or nations) the use may serve; `null` means any. */
  readonly recipients: readonly string[] | null;
  /** RFC 3339 instants bounding the use; `null` means unbounded. */
  readonly notBefore: string | null;
  readonly notAfter: string | null;
  readonly maxCount: number | null;
  readonly noOnwardTransfer: boolean;
  /** Prohibited actions (expanded IRIs, sorted). */
  readonly prohibitedActions: readonly string[];
  /** Obligations, each a compacted ODRL rule, in canonical JSON text (sorted). */
  readonly obligations: readonly string[];
  /** Constraints the summary does not interpret, in canonical JSON text (sorted): they apply as written. */
  readonly residual: readonly string[];
};

const PURPOSE = expandTerm('purpose');
const RECIPIENT = expandTerm('recipient');
const RELEASABLE_TO = expandTerm('foedera:releasableTo');
const DATE_TIME = expandTerm('dateTime');
const COUNT = expandTerm('count');
const NO_ONWARD = expandTerm('foedera:noOnwardTransfer');

export const UNRESTRICTED: UsageConstraints = Object.freeze({
  permittedActions: [expandTerm('use'), expandTerm('transfer')].sort(),
  purposes: null,
  recipients: null,
  notBefore: null,
  notAfter: null,
  maxCount: null,
  noOnwardTransfer: false,
  prohibitedActions: [],
  obligations: [],
  residual: [],
});

const canonical = (value: unknown): string => canonicalize(value) ?? 'null';
const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

function operandValues(operand: unknown): string[] | undefined {
  const list = Array.isArray(operand) ? operand : [operand];
  const out: string[] = [];
  for (const item of list) {
    if (typeof item === 'string') out.push(item);
    else if (typeof item === 'object' && item !== null) {
      const v = item as Record<string, unknown>;
      const text = v['@id'] ?? v['@value'];
      if (typeof text !== 'string') return undefined;
      out.push(text);
    } else return undefined;
  }
  return out;
}

const instant = (operand: unknown): string | undefined => {
  const [value] = operandValues(operand) ?? [];
  return value !== undefined && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : undefined;
};

/** Builders that narrow a summary; each returns false when the constraint is not one it reads. */
type Draft = {
  -readonly [K in keyof UsageConstraints]: UsageConstraints[K] extends readonly string[]
    ? string[]
    : UsageConstraints[K] extends readonly string[] | null
      ? string[] | null
      : UsageConstraints[K];
};

const narrowSet = (current: string[] | null, values: string[]): string[] =>
  current === null ? sorted(values) : current.filter((v) => values.includes(v));

function readAtomic(draft: Draft, constraint: Constraint): boolean {
  if (!('leftOperand' in constraint)) return false;
  const left = expandTerm(constraint.leftOperand);
  const op = constraint.operator;
  const values = operandValues(constraint.rightOperand);
  if (values === undefined) return false;
  if (
    (left === PURPOSE || left === RECIPIENT || left === RELEASABLE_TO) &&
    (op === 'eq' || op === 'isAnyOf')
  ) {
    if (left === PURPOSE) draft.purposes = narrowSet(draft.purposes, values);
    else draft.recipients = narrowSet(draft.recipients, values);
    return true;
  }
  if (left === DATE_TIME && ['lt', 'lteq', 'gt', 'gteq'].includes(op)) {
    const at = instant(constraint.rightOperand);
    if (at === undefined) return false;
    if (op === 'lt' || op === 'lteq')
      draft.notAfter = draft.notAfter === null || at < draft.notAfter ? at : draft.notAfter;
    else draft.notBefore = draft.notBefore === null || at > draft.notBefore ? at : draft.notBefore;
    return true;
  }
  if (left === COUNT && (op === 'lteq' || op === 'lt')) {
    const n = Number(values[0]);
    if (!Number.isSafeInteger(n)) return false;
    const max = op === 'lt' ? n - 1 : n;
    draft.maxCount = draft.maxCount === null ? max : Math.min(draft.maxCount, max);
    return true;
  }
  if (left === NO_ONWARD && op === 'eq' && values[0] === 'true') {
    draft.noOnwardTransfer = true;
    return true;
  }
  return false;
}

function readConstraint(draft: Draft, constraint: Constraint): void {
  if ('and' in constraint) {
    for (const inner of constraint.and) readConstraint(draft, inner);
    return;
  }
  // `true` as a JSON boolean is read like the string the evaluator also accepts.
  const normal =
    'leftOperand' in constraint && typeof constraint.rightOperand === 'boolean'
      ? { ...constraint, rightOperand: String(constraint.rightOperand) }
      : constraint;
  if (!readAtomic(draft, normal)) draft.residual.push(canonical(constraint));
}

function emptyDraft(): Draft {
  return {
    permittedActions: [],
    purposes: null,
    recipients: null,
    notBefore: null,
    notAfter: null,
    maxCount: null,
    noOnwardTransfer: false,
    prohibitedActions: [],
    obligations: [],
    residual: [],
  };
}

function freeze(draft: Draft): UsageConstraints {
  return Object.freeze({
    ...draft,
    permittedActions: sorted(draft.permittedActions),
    purposes: draft.purposes === null ? null : sorted(draft.purposes),
    recipients: draft.recipients === null ? null : sorted(draft.recipients),
    prohibitedActions: sorted(draft.prohibitedActions),
    obligations: sorted(draft.obligations),
    residual: sorted(draft.residual),
  });
}

/** The summary of one ODRL policy (offer, agreement or set) in the compacted form DSP carries. */
export function summariseOffer(offer: CatalogOffer): UsageConstraints {
  const draft = emptyDraft();
  const rules: readonly Rule[] = offer.permission ?? [];
  for (const rule of rules) {
    draft.permittedActions.push(expandTerm(rule.action));
    for (const constraint of rule.constraint ?? []) readConstraint(draft, constraint);
  }
  for (const rule of offer.prohibition ?? []) {
    if ((rule.constraint ?? []).length === 0) draft.prohibitedActions.push(expandTerm(rule.action));
    // A conditional prohibition cannot be narrowed safely into an unconditional one: keep it as written.
    else draft.residual.push(canonical({ prohibition: rule }));
  }
  for (const rule of offer.obligation ?? []) draft.obligations.push(canonical(rule));
  return freeze(draft);
}

/** Actions both lists permit: an action is kept when the other side permits it or an action that includes it. */
function commonActions(a: readonly string[], b: readonly string[]): string[] {
  return sorted([
    ...a.filter((x) => b.some((y) => actionCovers(y, x))),
    ...b.filter((y) => a.some((x) => actionCovers(x, y))),
  ]);
}

const meetSets = (a: readonly string[] | null, b: readonly string[] | null): string[] | null =>
  a === null ? (b === null ? null : [...b]) : b === null ? [...a] : a.filter((v) => b.includes(v));

const earliest = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);
const latest = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b);

/** The most restrictive combination of several summaries: what a use must satisfy to satisfy all of them. */
export function intersectUsage(summaries: readonly UsageConstraints[]): UsageConstraints {
  if (summaries.length === 0) return UNRESTRICTED;
  const [first, ...rest] = summaries as [UsageConstraints, ...UsageConstraints[]];
  const out = rest.reduce<Draft>(
    (acc, next) => ({
      permittedActions: commonActions(acc.permittedActions, next.permittedActions),
      purposes: meetSets(acc.purposes, next.purposes),
      recipients: meetSets(acc.recipients, next.recipients),
      notBefore: latest(acc.notBefore, next.notBefore),
      notAfter: earliest(acc.notAfter, next.notAfter),
      maxCount:
        acc.maxCount === null
          ? next.maxCount
          : next.maxCount === null
            ? acc.maxCount
            : Math.min(acc.maxCount, next.maxCount),
      noOnwardTransfer: acc.noOnwardTransfer || next.noOnwardTransfer,
      prohibitedActions: [...acc.prohibitedActions, ...next.prohibitedActions],
      obligations: [...acc.obligations, ...next.obligations],
      residual: [...acc.residual, ...next.residual],
    }),
    {
      ...first,
      permittedActions: [...first.permittedActions],
      purposes: first.purposes === null ? null : [...first.purposes],
      recipients: first.recipients === null ? null : [...first.recipients],
      prohibitedActions: [...first.prohibitedActions],
      obligations: [...first.obligations],
      residual: [...first.residual],
    },
  );
  return freeze(out);
}

/** The summary of an artefact offered under several policies: conservatively, all of them at once. */
export function summariseOffers(offers: readonly CatalogOffer[]): UsageConstraints {
  return intersectUsage(offers.map(summariseOffer));
}

/** Why a set of constraints cannot be used at all (nothing permitted, empty purpose set, empty time window). */
export function unusable(usage: UsageConstraints): string | undefined {
  if (usage.permittedActions.length === 0) return 'no action is permitted by every input';
  if (usage.purposes?.length === 0) return 'no purpose is permitted by every input';
  if (usage.recipients?.length === 0) return 'no recipient is permitted by every input';
  if (usage.notBefore !== null && usage.notAfter !== null && usage.notBefore > usage.notAfter)
    return `the inputs' time windows do not overlap (${usage.notBefore} is after ${usage.notAfter})`;
  if (usage.maxCount !== null && usage.maxCount < 1) return 'no use is left within the count limits';
  return undefined;
}

const short = (iris: readonly string[]) => iris.map(compactIri).join(', ');

/**
 * Every way in which `declared` allows more than `required` does, as sentences; empty when `declared` is at least
 * as restrictive (then every use it permits, every input permits).
 */
export function weakerThan(declared: UsageConstraints, required: UsageConstraints): string[] {
  const out: string[] = [];
  const extra = declared.permittedActions.filter(
    (a) => !required.permittedActions.some((r) => actionCovers(r, a)),
  );
  if (extra.length > 0) out.push(`it permits ${short(extra)}, which the inputs do not`);
  const subset = (label: string, d: readonly string[] | null, r: readonly string[] | null) => {
    if (r === null) return;
    if (d === null) out.push(`it permits any ${label}, the inputs only ${r.join(', ') || 'none'}`);
    else {
      const more = d.filter((v) => !r.includes(v));
      if (more.length > 0) out.push(`it permits ${label} ${more.join(', ')}, which the inputs do not`);
    }
  };
  subset('purpose', declared.purposes, required.purposes);
  subset('recipient', declared.recipients, required.recipients);
  if (required.notAfter !== null && (declared.notAfter === null || declared.notAfter > required.notAfter))
    out.push(`it ends after ${required.notAfter}`);
  if (required.notBefore !== null && (declared.notBefore === null || declared.notBefore < required.notBefore))
    out.push(`it starts before ${required.notBefore}`);
  if (required.maxCount !== null && (declared.maxCount === null || declared.maxCount > required.maxCount))
    out.push(`it allows more than ${required.maxCount} uses`);
  if (required.noOnwardTransfer && !declared.noOnwardTransfer) out.push('it allows onward transfer');
  const missing = required.prohibitedActions.filter((p) => !declared.prohibitedActions.includes(p));
  if (missing.length > 0) out.push(`it does not prohibit ${short(missing)}`);
  if (required.obligations.some((o) => !declared.obligations.includes(o))) out.push('it drops an obligation');
  if (required.residual.some((c) => !declared.residual.includes(c))) out.push('it drops a constraint');
  return out;
}

/** The ODRL offer (compacted, DSP 2025-1 shape) that states `usage`, for the catalog of a derived artefact. */
export function usageOffer(usage: UsageConstraints, id: string): CatalogOffer {
  const constraint: Constraint[] = [];
  if (usage.purposes !== null)
    constraint.push({ leftOperand: 'purpose', operator: 'isAnyOf', rightOperand: [...usage.purposes] });
  if (usage.recipients !== null)
    constraint.push({
      leftOperand: 'foedera:releasableTo',
      operator: 'isAnyOf',
      rightOperand: [...usage.recipients],
    });
  if (usage.notBefore !== null)
    constraint.push({ leftOperand: 'dateTime', operator: 'gteq', rightOperand: usage.notBefore });
  if (usage.notAfter !== null)
    constraint.push({ leftOperand: 'dateTime', operator: 'lteq', rightOperand: usage.notAfter });
  if (usage.maxCount !== null)
    constraint.push({ leftOperand: 'count', operator: 'lteq', rightOperand: String(usage.maxCount) });
  if (usage.noOnwardTransfer)
    constraint.push({ leftOperand: 'foedera:noOnwardTransfer', operator: 'eq', rightOperand: 'true' });
  const residualProhibitions: Rule[] = [];
  for (const text of usage.residual) {
    const value = JSON.parse(text) as Constraint | { prohibition: Rule };
    if ('prohibition' in value) residualProhibitions.push(value.prohibition);
    else constraint.push(value);
  }
  const prohibition: Rule[] = [
    ...usage.prohibitedActions.map((action) => ({ action: compactIri(action) })),
    ...residualProhibitions,
  ];
  const obligation = usage.obligations.map((text) => JSON.parse(text) as Rule);
  return {
    '@id': id,
    '@type': 'Offer',
    permission: usage.permittedActions.map((action) => ({
      action: compactIri(action),
      ...(constraint.length === 0 ? {} : { constraint }),
    })),
    ...(prohibition.length === 0 ? {} : { prohibition }),
    ...(obligation.length === 0 ? {} : { obligation }),
  };
}
