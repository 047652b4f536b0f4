/**
 * The policy decision point: one pure function that every access in Foedera goes through. It permits only when
 * all of these hold, and otherwise denies with every reason that fails (see docs/decisions/0003-decision-point.md):
 * 1. the label is bound to the data (the caller verified the STANAG 4778 binding) and means something to the registry;
 * 2. label dominance: the user, when one asks, dominates the label; the participant's nation is releasable and, when
 *    its certificate carries facility clearances, they reach the classification. Without a user the participant
 *    itself must dominate the label, facility clearance and every category included — except when only a contract
 *    is decided (`stage: 'contract'`), where the people who will use the data are checked at each access instead;
 * 3. the contract: an active Agreement, assigned to this participant, about this resource;
 * 4. the ODRL usage policy of the agreement permits the action in this context and nothing prohibits it.
 */
import { compileLabel, defaultPolicyRegistry } from '../labels/index.ts';
import type { CompiledLabel, LabelMeaningReason } from '../labels/index.ts';
import { ok } from '../shared/result.ts';
import type { Result } from '../shared/result.ts';
import { toFoederaError } from '../shared/errors.ts';
import type { Decision, DecisionRequest } from './decision.ts';
import { explainLabel, labelAllows } from './_internal/label-checks.ts';
import { labelSubjects } from './prepare-subject.ts';
import type { DenyReason, Obligation } from './reasons.ts';

const NONE: readonly never[] = Object.freeze([]);

export function decide(request: DecisionRequest): Decision {
  try {
    return decideUnguarded(request);
  } catch (error) {
    // A fault must not become a permit, nor crash the caller: it is a denial that names the fault.
    const detail = `Cannot decide on "${String(request?.resource?.id)}": ${toFoederaError(error).message}`;
    return deny([{ code: 'decision-error', detail }]);
  }
}

function decideUnguarded(request: DecisionRequest): Decision {
  const { subject, resource, agreement } = request;
  const { policy } = agreement;
  const read = readLabel(request);
  const label = read.ok ? read.value : undefined;
  const subjects = label === undefined ? undefined : labelSubjects(subject, label.registry);
  // Without a user, an access is the organisation's own and it must dominate the label itself; with a user, or when
  // only the contract is decided, the organisation answers for its nation (and facility clearances when it has them).
  const participantScope =
    subject.user === undefined && request.stage !== 'contract'
      ? 'full'
      : subject.participant.facilityClearances === undefined
        ? 'release'
        : 'release-and-clearance';
  const outcome = policy.evaluate(request);

  const permitted =
    outcome.permitted &&
    bindingVerified(resource.labelBinding) &&
    subjects !== undefined &&
    label !== undefined &&
    agreement.state === 'active' &&
    policy.type === 'Agreement' &&
    policy.assignee === subject.participant.id &&
    policy.target === resource.id &&
    (subjects.user === undefined || labelAllows({ subject: subjects.user, label, scope: 'full' })) &&
    labelAllows({ subject: subjects.participant, label, scope: participantScope });
  if (permitted) return permit(outcome.obligations);

  const reasons: DenyReason[] = [];
  const binding = resource.labelBinding;
  if (binding === undefined) {
    reasons.push({
      code: 'label-binding-invalid',
      detail: `The label binding of "${resource.id}" was not verified`,
    });
  } else if (binding === false) {
    reasons.push({
      code: 'label-binding-invalid',
      detail: `The label binding of "${resource.id}" did not verify`,
    });
  } else if (binding !== true && !binding.ok) {
    reasons.push({
      code: 'label-binding-invalid',
      detail: `Cannot trust the label of "${resource.id}": ${binding.detail}`,
    });
  }
  if (!read.ok) {
    reasons.push({ code: read.reason, detail: read.detail });
  } else if (subjects !== undefined && label !== undefined) {
    if (subject.user !== undefined && subjects.user !== undefined) {
      reasons.push(
        ...explainLabel({ subject: subjects.user, label, scope: 'full', who: `User "${subject.user.id}"` }),
      );
    }
    reasons.push(
      ...explainLabel({
        subject: subjects.participant,
        label,
        scope: participantScope,
        who: `Participant "${subject.participant.id}"`,
      }),
    );
  }
  if (agreement.state !== 'active') {
    reasons.push({ code: 'agreement-not-active', detail: `Agreement "${policy.id}" is ${agreement.state}` });
  }
  if (policy.type !== 'Agreement') {
    reasons.push({
      code: 'not-an-agreement',
      detail: `Policy "${policy.id}" is an ${policy.type}, not an Agreement`,
    });
  }
  if (policy.assignee !== subject.participant.id) {
    reasons.push({
      code: 'wrong-assignee',
      detail: `Agreement "${policy.id}" is assigned to "${policy.assignee ?? '(nobody)'}", not "${subject.participant.id}"`,
    });
  }
  if (policy.target !== resource.id) {
    reasons.push({
      code: 'wrong-target',
      detail: `Agreement "${policy.id}" is about "${policy.target ?? '(nothing)'}", not "${resource.id}"`,
    });
  }
  if (!outcome.permitted) reasons.push(...outcome.reasons);
  return deny(
    reasons.length > 0 ? reasons : [{ code: 'decision-error', detail: 'Denied without a named reason' }],
  );
}

/** The compiled label, or why the registry cannot read it. A compiled label carries its own registry. */
function readLabel(request: DecisionRequest): Result<CompiledLabel, LabelMeaningReason> {
  const label = request.resource.label;
  if ('levelIndex' in label) return ok(label);
  return compileLabel(label, request.registry ?? defaultPolicyRegistry);
}

function bindingVerified(binding: DecisionRequest['resource']['labelBinding']): boolean {
  return binding === true || (typeof binding === 'object' && binding.ok);
}

function permit(obligations: readonly Obligation[]): Decision {
  return { decision: 'permit', reasons: NONE, obligations };
}

function deny(reasons: readonly DenyReason[]): Decision {
  return { decision: 'deny', reasons, obligations: NONE };
}
