/**
 * Whether a participant (and the user it vouches for) may bring code to a dataset under an agreement: the agreement
 * is this node's, assigned to the caller and active; the dataset has content; the label bound to that content
 * verifies; and the decision point permits `foedera:compute` on it. Every decision is returned with its audit entry.
 */
import type { AuditEntryInput } from '../../audit/entry/entry.ts';
import type { LabelBinder } from '../../dataplane/format/label-binding.ts';
import type { OwnedObject } from '../../dataplane/service/owned-objects.ts';
import type { AgreementLookup, AgreementView } from '../../dataplane/service/ports.ts';
import type { ConfidentialityLabel } from '../../labels/index.ts';
import type { CompiledPolicy } from '../../policy/compile-policy.ts';
import { decide } from '../../policy/decide.ts';
import type { Subject } from '../../policy/request.ts';
import { err, ok, type Result } from '../../shared/result.ts';

export const COMPUTE_ACTION = 'foedera:compute';

export type AuthoriseDeps = {
  readonly participant: string;
  readonly agreements: AgreementLookup;
  readonly policyOf: (agreement: AgreementView) => CompiledPolicy | undefined;
  readonly labelBinder: LabelBinder;
  readonly contentOf: (datasetId: string) => Promise<OwnedObject | undefined>;
};

export type Authorised = {
  readonly agreement: AgreementView;
  readonly policy: CompiledPolicy;
  readonly object: OwnedObject;
  readonly label: ConfidentialityLabel;
};

export type AuthoriseRefusal =
  'unknown-agreement' | 'not-agreement-party' | 'agreement-not-active' | 'no-content' | 'access-denied';

export type AuthoriseOutcome = {
  readonly result: Result<Authorised, AuthoriseRefusal>;
  /** The decision entry to audit (absent when no decision was reached). */
  readonly decision?: Pick<AuditEntryInput, 'kind' | 'details'>;
  /** The dataset the agreement is about, once the agreement is known. */
  readonly dataset?: string;
};

export function actorOf(subject: Subject): string {
  return subject.user === undefined ? `participant:${subject.participant.id}` : `user:${subject.user.id}`;
}

export async function authoriseCompute(
  deps: AuthoriseDeps,
  request: { agreementId: string; subject: Subject; now: Date; what: string },
): Promise<AuthoriseOutcome> {
  const { agreementId, subject, what } = request;
  const agreement = await deps.agreements(agreementId);
  if (agreement === undefined || agreement.provider !== deps.participant) {
    return { result: err('unknown-agreement', `${what}: no agreement "${agreementId}" with this node`) };
  }
  if (agreement.consumer !== subject.participant.id) {
    return {
      result: err(
        'not-agreement-party',
        `${what}: ${subject.participant.id} is not the consumer of "${agreementId}"`,
      ),
    };
  }
  if (agreement.state !== 'active') {
    return {
      result: err('agreement-not-active', `${what}: agreement "${agreementId}" is ${agreement.state}`),
    };
  }
  const object = await deps.contentOf(agreement.target);
  if (object === undefined) {
    return {
      result: err('no-content', `${what}: dataset "${agreement.target}" has no content on this node`),
    };
  }
  const body = object.manifest.body;
  const labelBinding = await deps.labelBinder.verify({
    label: body.label.value,
    binding: body.label.binding,
    objectId: body.objectId,
    dataDigest: body.integrity.root,
    binder: body.owner,
  });
  const policy = deps.policyOf(agreement);
  const decision =
    policy === undefined
      ? {
          decision: 'deny' as const,
          reasons: [
            { code: 'not-an-agreement', detail: `No compiled policy for agreement "${agreementId}"` },
          ],
        }
      : decide({
          subject,
          resource: {
            id: agreement.target,
            label: body.label.value as ConfidentialityLabel,
            labelBinding,
          },
          agreement: { policy, state: agreement.state },
          action: COMPUTE_ACTION,
          context: { now: request.now },
        });
  const entry = {
    kind: decision.decision === 'permit' ? ('decision.permit' as const) : ('decision.deny' as const),
    details: {
      action: COMPUTE_ACTION,
      agreement: agreementId,
      object: body.objectId,
      reasons: decision.reasons.map((r) => ({ code: r.code, detail: r.detail })),
    },
  };
  if (decision.decision !== 'permit' || policy === undefined) {
    const codes = decision.reasons.map((r) => r.code).join(', ');
    const details = decision.reasons.map((r) => r.detail).join('; ');
    return {
      result: err('access-denied', `${what}: denied (${codes}): ${details}`),
      decision: entry,
      dataset: agreement.target,
    };
  }
  return {
    result: ok({ agreement, policy, object, label: body.label.value as ConfidentialityLabel }),
    decision: entry,
  };
}
