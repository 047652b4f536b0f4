/**
 * Decision point throughput on one core: Foedera's `decide()` against Cedar (`@cedar-policy/cedar-wasm`) making the
 * same decision, side by side on the same requests.
 *
 * The decision: may a French analyst use a NATO SECRET dataset, releasable to FRA, DEU, NLD and POL and restricted
 * to one community of interest, under an agreement that permits `use` for two purposes, within 2026, at most 100
 * times, without onward transfer, and prohibits `distribute` (src/policy/_testing/fixtures.ts)?
 *
 * How the Cedar policy is made equivalent: the same attributes, prepared to the same degree, and the same conditions.
 * - Prepared once on both sides: Foedera compiles the label and the agreement and prepares the subject; Cedar gets
 *   its policy set preparsed (`preparsePolicySet`) and entities built once, with what `compileSubject`/`compileLabel`
 *   compute (the clearance rank on the common equivalence scale, Releasable To with its groups expanded).
 * - Per decision on both sides: a fresh request carrying a new context (time, use count, purpose), and one
 *   evaluation (`decide()` / `statefulIsAuthorized`).
 * - Conditions, one for one: binding verified; user and facility clearance rank ≥ label rank; user nationality and
 *   participant country in Releasable To; every community value held; agreement active, assigned to the participant,
 *   about the dataset; purpose in the permitted set; now in [2026-01-01, 2027-01-01) (epoch ms as Long, Cedar's
 *   cheapest time comparison); use count + 1 ≤ 100; no onward transfer; `forbid` on `distribute`.
 * Before timing, both engines decide a table of permitted and denied variants and must agree on every one.
 */
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import type {
  CedarValueJson,
  Context,
  EntityJson,
  StatefulAuthorizationCall,
} from '@cedar-policy/cedar-wasm/nodejs';
import type { CompiledLabel } from '../src/labels/index.ts';
import { decide } from '../src/policy/decide.ts';
import type { DecisionRequest } from '../src/policy/decision.ts';
import { labelSubjects, prepareSubject } from '../src/policy/prepare-subject.ts';
import type { DecisionContext } from '../src/policy/request.ts';
import {
  AGREEMENT_JSON,
  CONTEXT,
  PARTICIPANT,
  USER,
  compiled,
  compiledLabel,
  request,
} from '../src/policy/_testing/fixtures.ts';
import { figure } from './report.ts';

const POLICY_SET_ID = 'foedera-pdp-bench';
const WINDOW_START = Date.parse('2026-01-01T00:00:00Z');

const CEDAR_POLICIES = `
permit (principal is User, action == Action::"use", resource is Dataset)
when {
  context.labelBindingValid &&
  principal.clearanceRank >= resource.rank &&
  principal.participant.facilityRank >= resource.rank &&
  resource.releasableTo.contains(principal.nationality) &&
  resource.releasableTo.contains(principal.participant.country) &&
  principal.communities.containsAll(resource.restrictive) &&
  context.agreement.state == "active" &&
  context.agreement.assignee == principal.participant &&
  context.agreement.target == resource &&
  ["intelligence-analysis", "mission-planning"].contains(context.purpose) &&
  context.now >= ${WINDOW_START} && context.now < ${Date.parse('2027-01-01T00:00:00Z')} &&
  context.useCount + 1 <= 100 &&
  context.onwardTransfer == false
};
forbid (principal, action == Action::"distribute", resource);
`;

const uid = (type: string, id: string): { type: string; id: string } => ({ type, id });
const ref = (type: string, id: string): CedarValueJson => ({ __entity: uid(type, id) });

/** The Cedar form of a Foedera request: entities and context carrying what the compiled forms hold. */
function toCedar(r: DecisionRequest): StatefulAuthorizationCall {
  const label = r.resource.label as CompiledLabel;
  const subjects = labelSubjects(r.subject, label.registry);
  const { participant, user } = r.subject;
  const policy = r.agreement.policy;
  const entities: EntityJson[] = [
    {
      uid: uid('Participant', participant.id),
      attrs: { country: participant.country, facilityRank: subjects.participant.equivalent },
      parents: [],
    },
    {
      uid: uid('Dataset', r.resource.id),
      attrs: {
        rank: label.equivalent,
        releasableTo: label.nationality.flatMap((c) => [...c.accepted]),
        restrictive: label.restrictive.flatMap((c) => [...c.values]),
      },
      parents: [],
    },
    {
      uid: uid('Agreement', policy.id),
      attrs: {
        state: r.agreement.state,
        assignee: ref('Participant', policy.assignee ?? ''),
        target: ref('Dataset', policy.target ?? ''),
      },
      parents: [],
    },
  ];
  if (user !== undefined && subjects.user !== undefined) {
    entities.push({
      uid: uid('User', user.id),
      attrs: {
        nationality: user.nationality,
        clearanceRank: subjects.user.equivalent,
        communities: [...user.communities],
        participant: ref('Participant', participant.id),
      },
      parents: [],
    });
  }
  return {
    principal: uid('User', user?.id ?? ''),
    action: uid('Action', r.action),
    resource: uid('Dataset', r.resource.id),
    context: cedarContext(r.context, { binding: bindingOk(r.resource.labelBinding), agreement: policy.id }),
    preparsedPolicySetId: POLICY_SET_ID,
    entities,
  };
}

function bindingOk(binding: DecisionRequest['resource']['labelBinding']): boolean {
  return binding === true || (typeof binding === 'object' && binding.ok);
}

function cedarContext(c: DecisionContext, extra: { binding: boolean; agreement: string }): Context {
  return {
    labelBindingValid: extra.binding,
    agreement: ref('Agreement', extra.agreement),
    now: typeof c.now === 'number' ? c.now : c.now.getTime(),
    ...(c.purpose === undefined ? {} : { purpose: c.purpose }),
    ...(c.useCount === undefined ? {} : { useCount: c.useCount }),
    ...(c.onwardTransfer === undefined ? {} : { onwardTransfer: c.onwardTransfer }),
  };
}

function cedarAllows(call: StatefulAuthorizationCall): boolean {
  const answer = cedar.statefulIsAuthorized(call);
  if (answer.type === 'failure')
    throw new Error(`Cedar failed: ${answer.errors.map((e) => e.message).join('; ')}`);
  return answer.response.decision === 'allow';
}

/** Both engines must agree on the permitted request and on one variant per condition. */
function checkEquivalence(): void {
  const base = request();
  const ctx = (change: Partial<DecisionContext>): DecisionRequest => ({
    ...base,
    context: { ...CONTEXT, ...change },
  });
  const subject = (
    user: Partial<typeof USER>,
    participant: Partial<typeof PARTICIPANT> = {},
  ): DecisionRequest => ({
    ...base,
    subject: { participant: { ...PARTICIPANT, ...participant }, user: { ...USER, ...user } },
  });
  const variants: [string, DecisionRequest][] = [
    ['permitted', base],
    ['binding not verified', { ...base, resource: { id: base.resource.id, label: base.resource.label } }],
    ['clearance too low', subject({ clearances: [{ policy: 'NATO', classification: 'NATO CONFIDENTIAL' }] })],
    ['clearance through equivalence', subject({ clearances: [{ policy: 'DEU', classification: 'GEHEIM' }] })],
    [
      'facility too low',
      subject({}, { facilityClearances: [{ policy: 'NATO', classification: 'NATO RESTRICTED' }] }),
    ],
    ['nationality', subject({ nationality: 'GBR' })],
    ['participant country', subject({}, { country: 'USA' })],
    ['community', subject({ communities: [] })],
    ['agreement terminated', { ...base, agreement: { ...base.agreement, state: 'terminated' } }],
    ['wrong assignee', subject({}, { id: 'urn:foedera:participant:other' })],
    ['purpose', ctx({ purpose: 'marketing' })],
    ['before window', ctx({ now: WINDOW_START - 1 })],
    ['after window', ctx({ now: Date.parse('2027-01-01T00:00:00Z') })],
    ['count exhausted', ctx({ useCount: 100 })],
    ['onward transfer', ctx({ onwardTransfer: true })],
    ['prohibited action', { ...base, action: 'distribute' }],
  ];
  for (const [name, r] of variants) {
    const ours = decide(r).decision === 'permit';
    const theirs = cedarAllows(toCedar(r));
    if (ours !== theirs) throw new Error(`Foedera and Cedar disagree on "${name}": ${ours} vs ${theirs}`);
  }
  console.log(`# pdp: Foedera and Cedar agree on ${variants.length} variants`);
}

/** CPU time of this process in milliseconds: a busy shared machine does not charge us for other processes' time. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Decisions per CPU-second, in a synchronous loop (the shared `opsPerSecond` awaits each call, which would time the
 * microtask queue instead). The warm-up is bounded by time as well as count: Cedar's WebAssembly needs about a
 * millisecond per call until it is tiered up.
 */
function perSecond(fn: (i: number) => boolean, options: { minMs: number; expect?: boolean }): number {
  const { minMs, expect = true } = options;
  let permits = 0;
  let warm = 0;
  const warmStart = cpuMs();
  while (warm < 20_000 && cpuMs() - warmStart < minMs / 2) {
    for (let i = 0; i < 100; i++) if (fn(warm + i)) permits++;
    warm += 100;
  }
  let count = 0;
  const start = cpuMs();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < 100; i++) if (fn(count + i)) permits++;
    count += 100;
    elapsed = cpuMs() - start;
  }
  if (permits !== (expect ? warm + count : 0)) {
    throw new Error(`A benchmark decision was not a ${expect ? 'permit' : 'denial'}: the inputs are wrong`);
  }
  return (count * 1000) / elapsed;
}

export async function run(options: { scale: number }): Promise<void> {
  const answer = cedar.preparsePolicySet(POLICY_SET_ID, { staticPolicies: CEDAR_POLICIES });
  if (answer.type === 'failure') throw new Error(`Cedar refused the policy: ${answer.errors[0]?.message}`);
  checkEquivalence();

  // Varied permitted contexts, cycled through: a different time, count and purpose on each decision.
  const contexts: DecisionContext[] = Array.from({ length: 1024 }, (_, i) => ({
    now: Date.parse('2026-03-01T00:00:00Z') + i * 60_000,
    purpose: i % 2 === 0 ? 'intelligence-analysis' : 'mission-planning',
    useCount: i % 100,
    onwardTransfer: false,
  }));
  const base: DecisionRequest = {
    ...request({ label: compiledLabel() }),
    subject: prepareSubject({ participant: PARTICIPANT, user: USER }),
    agreement: { policy: compiled(AGREEMENT_JSON), state: 'active' },
  };
  const cedarBase = toCedar(base);
  const cedarContexts = contexts.map((c) =>
    cedarContext(c, { binding: true, agreement: base.agreement.policy.id }),
  );
  const minMs = 1500 * options.scale;

  const ours = perSecond((i) => decide({ ...base, context: contexts[i & 1023]! }).decision === 'permit', {
    minMs,
  });
  const theirs = perSecond((i) => cedarAllows({ ...cedarBase, context: cedarContexts[i & 1023]! }), {
    minMs,
  });
  // Not a goal, but worth knowing: a denial names every reason, so it costs more than a permit.
  const refused = contexts.map((c) => ({ ...c, purpose: 'marketing', useCount: 100 }));
  const denials = perSecond((i) => decide({ ...base, context: refused[i & 1023]! }).decision === 'permit', {
    minMs: minMs / 3,
    expect: false,
  });
  figure('pdp-decisions', ours, 'decisions/s');
  figure('cedar-decisions', theirs, 'decisions/s');
  figure('pdp-vs-cedar', ours / theirs, 'ratio');
  figure('pdp-deny-decisions', denials, 'decisions/s');
  await Promise.resolve();
}
