/**
 * The data key to open a received object for a user: from a fresh grant of the owner's key service when it answers;
 * when the owner cannot be reached, from a lease kept from an earlier grant, until that lease ends. An explicit
 * refusal by the owner (a revoked agreement, a denial) also discards the kept lease: the owner's latest word wins.
 * A refusal is written to the audit log here, with its cause (the owner's, when the owner refused); the caller
 * writes the opening once the plaintext is out.
 */
import type { User } from '../../policy/request.ts';
import type { Clock } from '../../shared/clock.ts';
import { ok, type Ok, type Result } from '../../shared/result.ts';
import type { MetadataStore } from '../../store/metadata/port.ts';
import type { KeyRequestBook } from '../keys/key-request-book.ts';
import type { VerificationKeyLookup } from '../keys/node-signing-key.ts';
import { acceptKeyResponse, openLease } from '../keys/obtain-data-key.ts';
import type { RecipientKeyPair } from '../keys/recipient-keys.ts';
import { refused, refusalOf, type Refused } from '../service/key-refusal.ts';
import type { AuditPort } from '../service/ports.ts';
import { negotiatedPurpose } from './negotiated-purpose.ts';
import { findReceived, keepLease, type ReceivedObject } from '../transfer/receive.ts';
import type { KeyRequester } from '../transfer/request-key.ts';

export type OpeningKeyOptions = {
  readonly objectId: string;
  readonly user?: User;
  /**
   * The purpose of this use, stated to the owner's key service; when absent, the purpose this node declared when it
   * negotiated the agreement (negotiated-purpose.ts), if it declared one.
   */
  readonly purpose?: string;
  /** This node's participant id, for the audit entry. */
  readonly node: string;
  readonly store: MetadataStore;
  readonly keyPair: RecipientKeyPair;
  readonly ownerKeys: VerificationKeyLookup;
  readonly requestKey: KeyRequester;
  readonly book: KeyRequestBook;
  readonly audit: AuditPort;
  readonly clock: Clock;
};

export type OpeningKey = {
  readonly received: ReceivedObject;
  readonly dataKey: Buffer;
  readonly via: 'grant' | 'lease';
  /** Writes `dataset.opened` (or, with a reason, `dataset.open-refused`) for this opening. */
  readonly record: (outcome: Result<{ bytes: number }, string>) => Promise<void>;
};

export async function obtainOpeningKey(options: OpeningKeyOptions): Promise<Ok<OpeningKey> | Refused> {
  const now = options.clock();
  const received = await findReceived(options.store.db, options.objectId);
  const audit = (kind: 'dataset.opened' | 'dataset.open-refused', details: Record<string, string | number>) =>
    options.store.transaction((trx) =>
      options.audit(trx, {
        time: options.clock().toISOString(),
        node: options.node,
        kind,
        actor: options.user === undefined ? `participant:${options.node}` : `user:${options.user.id}`,
        subject: `object:${options.objectId}`,
        details: { ...details, ...(received === undefined ? {} : { agreement: received.agreementId }) },
      }),
    );
  const refuse = async (reason: string, detail: string, refusal = reason) => {
    await audit('dataset.open-refused', { reason, detail, ...(refusal === reason ? {} : { refusal }) });
    return refused(reason, detail, refusal);
  };
  if (received === undefined || received.state !== 'complete') {
    return refuse('not-received', `Cannot open "${options.objectId}": it has not been received completely`);
  }
  const expected = {
    owner: received.owner,
    objectId: received.objectId,
    agreementId: received.agreementId,
    keyPair: options.keyPair,
    lookup: options.ownerKeys,
  };
  const purpose = options.purpose ?? (await negotiatedPurpose(options.store.db, received.agreementId));
  const nonce = options.book.issue({ objectId: received.objectId, agreementId: received.agreementId });
  const answer = await options.requestKey({
    objectId: received.objectId,
    agreementId: received.agreementId,
    nonce,
    ...(options.user === undefined ? {} : { user: options.user }),
    ...(purpose === undefined ? {} : { purpose }),
  });
  let dataKey: Buffer;
  let via: 'grant' | 'lease';
  if (answer === 'unreachable') {
    if (received.lease === null) {
      return refuse(
        'key-service-unreachable',
        `Cannot open "${options.objectId}": the owner is unreachable and no lease is kept`,
      );
    }
    const leased = await openLease(received.lease, { ...expected, now });
    if (!leased.ok) return refuse(leased.reason, leased.detail);
    dataKey = leased.value;
    via = 'lease';
  } else if (!answer.ok) {
    if (received.lease !== null)
      await keepLease(options.store.db, { objectId: received.objectId, lease: null });
    return refuse(answer.reason, answer.detail, refusalOf(answer));
  } else {
    const accepted = await acceptKeyResponse(answer.value, { ...expected, book: options.book });
    if (!accepted.ok) return refuse(accepted.reason, accepted.detail);
    if (accepted.value.response.lease !== undefined) {
      await keepLease(options.store.db, { objectId: received.objectId, lease: answer.value });
    }
    dataKey = accepted.value.dataKey;
    via = 'grant';
  }
  return ok({
    received,
    dataKey,
    via,
    record: async (outcome) => {
      if (outcome.ok)
        await audit('dataset.opened', {
          via,
          bytes: outcome.value.bytes,
          ...(purpose === undefined ? {} : { purpose }),
        });
      else await audit('dataset.open-refused', { reason: outcome.reason, detail: outcome.detail });
    },
  });
}
