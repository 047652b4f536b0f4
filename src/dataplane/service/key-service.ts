/**
 * The owner's key access point. For each request it checks, in order: the object, the agreement (this requester is
 * its consumer, it is about this object's dataset, it is active), the requester's signed recipient keys, the label
 * binding and the decision point; then it wraps the data key for the requester's hybrid key and signs the answer
 * with the requester's nonce and a short expiry (and a lease when the agreement allows one). Every request, granted
 * or refused, is audited; a grant's answer is released only after its audit entry committed. A refusal names its
 * cause (key-refusal.ts): a revoked or terminated agreement, another participant, a label binding that does not
 * verify, the decision point's own reason.
 */
import type { AuditEntryInput, JsonValue } from '../../audit/entry/entry.ts';
import type { Subject } from '../../policy/request.ts';
import type { Clock } from '../../shared/clock.ts';
import { ok, type Ok } from '../../shared/result.ts';
import type { MetadataStore } from '../../store/metadata/port.ts';
import type { LabelBinder } from '../format/label-binding.ts';
import { verifyPolicyBinding } from '../format/policy-binding.ts';
import { signKeyResponse } from '../keys/key-response.ts';
import { wrapDataKey } from '../keys/key-wrap.ts';
import type { NodeSigningKey, VerificationKeyLookup } from '../keys/node-signing-key.ts';
import { readRecipientKeys } from '../keys/recipient-keys.ts';
import { agreementRefusal, denialRefusal, refused, type Refused } from './key-refusal.ts';
import { unsealDataKey, type MasterKey } from './master-key.ts';
import { findOwnedObject } from './owned-objects.ts';
import type { AgreementLookup, AuditPort, DecidePort } from './ports.ts';

export type KeyServiceDeps = {
  readonly store: MetadataStore;
  readonly signingKey: NodeSigningKey;
  readonly master: MasterKey;
  readonly agreements: AgreementLookup;
  readonly decide: DecidePort;
  readonly audit: AuditPort;
  readonly labelBinder: LabelBinder;
  /** Node keys of participants, to verify their recipient key documents. */
  readonly participantKeys: VerificationKeyLookup;
  readonly clock: Clock;
  /** How long a fresh answer may take to be used; defaults to 120 s. */
  readonly responseTtlSeconds?: number;
};

export type KeyRequest = {
  readonly objectId: string;
  readonly agreementId: string;
  /** The participant as authenticated by mutual TLS, and the user when one asks through it. */
  readonly subject: Subject;
  /** The requester's signed recipient key document (compact JWS). */
  readonly recipientKeys: string;
  readonly nonce: string;
  /** The purpose of the use as the requester states it: the decision context's `purpose`. */
  readonly purpose?: string;
};

export type KeyRefusal =
  | 'unknown-object'
  | 'unknown-agreement'
  | 'not-agreement-party'
  | 'agreement-not-for-object'
  | 'agreement-not-active'
  | 'recipient-keys-invalid'
  | 'recipient-keys-expired'
  | 'policy-binding-invalid'
  | 'access-denied';

export type KeyGrant = { readonly response: string; readonly expiresAt: Date; readonly leaseUntil?: Date };

export function createKeyService(deps: KeyServiceDeps) {
  const ttl = deps.responseTtlSeconds ?? 120;

  async function record(entries: AuditEntryInput[]): Promise<void> {
    await deps.store.transaction(async (trx) => {
      for (const entry of entries) await deps.audit(trx, entry);
    });
  }

  function entry(
    request: KeyRequest,
    now: Date,
    { kind, details }: { kind: AuditEntryInput['kind']; details: Record<string, JsonValue> },
  ) {
    const user = request.subject.user;
    return {
      time: now.toISOString(),
      node: deps.signingKey.participant,
      kind,
      actor: user === undefined ? `participant:${request.subject.participant.id}` : `user:${user.id}`,
      subject: `object:${request.objectId}`,
      details: {
        agreement: request.agreementId,
        participant: request.subject.participant.id,
        ...(request.purpose === undefined ? {} : { purpose: request.purpose }),
        ...details,
      },
    } satisfies AuditEntryInput;
  }

  async function refuse(
    request: KeyRequest,
    now: Date,
    refusal: { reason: KeyRefusal; detail: string; refusal?: string; extra?: AuditEntryInput[] },
  ): Promise<Refused<KeyRefusal>> {
    const answer = refused(refusal.reason, refusal.detail, refusal.refusal);
    await record([
      ...(refusal.extra ?? []),
      entry(request, now, {
        kind: 'key.refused',
        details: { reason: answer.reason, refusal: answer.refusal, detail: answer.detail },
      }),
    ]);
    return answer;
  }

  async function requestKey(request: KeyRequest): Promise<Ok<KeyGrant> | Refused<KeyRefusal>> {
    const now = deps.clock();
    const requester = request.subject.participant.id;
    const object = await findOwnedObject(deps.store.db, request.objectId);
    if (object === undefined) {
      return refuse(request, now, {
        reason: 'unknown-object',
        detail: `Cannot release key of "${request.objectId}": no such object`,
      });
    }
    const agreement = await deps.agreements(request.agreementId);
    const what = `Cannot release key of "${request.objectId}" under agreement "${request.agreementId}"`;
    if (agreement === undefined || agreement.provider !== deps.signingKey.participant) {
      return refuse(request, now, {
        reason: 'unknown-agreement',
        detail: `${what}: no such agreement with this node`,
      });
    }
    if (agreement.consumer !== requester) {
      return refuse(request, now, {
        reason: 'not-agreement-party',
        detail: `${what}: ${requester} is not its consumer`,
      });
    }
    if (agreement.target !== object.datasetId) {
      return refuse(request, now, {
        reason: 'agreement-not-for-object',
        detail: `${what}: it covers "${agreement.target}"`,
      });
    }
    if (agreement.state !== 'active') {
      return refuse(request, now, {
        reason: 'agreement-not-active',
        detail: `${what}: it is ${agreement.state}`,
        refusal: agreementRefusal(agreement.state),
      });
    }
    const recipient = await readRecipientKeys(request.recipientKeys, {
      lookup: deps.participantKeys,
      now,
      participant: requester,
    });
    if (!recipient.ok) return refuse(request, now, recipient);

    const body = object.manifest.body;
    const labelBinding = await deps.labelBinder.verify({
      label: body.label.value,
      binding: body.label.binding,
      objectId: body.objectId,
      dataDigest: body.integrity.root,
      binder: body.owner,
    });
    const decision = await deps.decide({
      subject: request.subject,
      agreement,
      datasetId: object.datasetId,
      label: body.label.value,
      labelBinding,
      now,
      ...(request.purpose === undefined ? {} : { purpose: request.purpose }),
    });
    const decided = entry(request, now, {
      kind: decision.decision === 'permit' ? 'decision.permit' : 'decision.deny',
      details: {
        action: 'use',
        reasons: decision.reasons.map((reason) => ({ code: reason.code, detail: reason.detail })),
      },
    });
    if (decision.decision !== 'permit') {
      const reasons = decision.reasons.map((reason) => reason.code).join(', ');
      return refuse(request, now, {
        reason: 'access-denied',
        detail: `${what}: denied (${reasons})`,
        refusal: denialRefusal(decision),
        extra: [decided],
      });
    }
    const dataKey = unsealDataKey(deps.master, {
      sealed: object.sealedDataKey,
      objectId: body.objectId,
      owner: body.owner,
    });
    const bound = verifyPolicyBinding(dataKey, body);
    if (!bound.ok) return refuse(request, now, { ...bound, extra: [decided] });

    const iat = Math.floor(now.getTime() / 1000);
    const leaseUntil = agreement.leaseSeconds === undefined ? undefined : iat + agreement.leaseSeconds;
    const kid = recipient.value.kid;
    const response = await signKeyResponse(
      {
        sub: requester,
        objectId: body.objectId,
        agreementId: agreement.id,
        nonce: request.nonce,
        iat,
        exp: iat + ttl,
        wrappedKey: wrapDataKey({
          dataKey,
          recipientKey: recipient.value.publicKey,
          context: {
            objectId: body.objectId,
            agreementId: agreement.id,
            recipient: requester,
            recipientKid: kid,
          },
        }),
        ...(leaseUntil === undefined ? {} : { lease: { notAfter: leaseUntil } }),
      },
      deps.signingKey,
    );
    dataKey.fill(0);
    await record([
      decided,
      entry(request, now, {
        kind: 'key.granted',
        details: {
          recipientKid: kid,
          ...(leaseUntil === undefined ? {} : { leaseUntil }),
        },
      }),
    ]);
    return ok({
      response,
      expiresAt: new Date((iat + ttl) * 1000),
      ...(leaseUntil === undefined ? {} : { leaseUntil: new Date(leaseUntil * 1000) }),
    });
  }

  return { requestKey };
}

export type KeyService = ReturnType<typeof createKeyService>;
