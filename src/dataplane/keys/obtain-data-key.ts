/**
 * Recipient side: turns a signed key response (fresh, with this node's nonce) or a kept lease (the same signed
 * document, re-used offline until its lease ends) into the data key. Every refusal names its reason.
 */
import { err, type Result } from '../../shared/result.ts';
import type { KeyRequestBook, NonceRefusal } from './key-request-book.ts';
import { readKeyResponse, type KeyResponse, type KeyResponseRefusal } from './key-response.ts';
import { unwrapDataKey, type UnwrapRefusal } from './key-wrap.ts';
import type { VerificationKeyLookup } from './node-signing-key.ts';
import type { RecipientKeyPair } from './recipient-keys.ts';

export type ObtainKeyRefusal =
  KeyResponseRefusal | NonceRefusal | UnwrapRefusal | 'no-lease' | 'lease-expired';

export type KeyExpectation = {
  readonly owner: string;
  readonly objectId: string;
  readonly agreementId: string;
  readonly keyPair: RecipientKeyPair;
  readonly lookup: VerificationKeyLookup;
};

function unwrap(response: KeyResponse, expected: KeyExpectation): Result<Buffer, UnwrapRefusal> {
  return unwrapDataKey({
    wrapped: response.wrappedKey,
    keyPair: expected.keyPair,
    context: {
      objectId: expected.objectId,
      agreementId: expected.agreementId,
      recipient: expected.keyPair.participant,
      recipientKid: expected.keyPair.kid,
    },
  });
}

/** A fresh answer to a request this node made: the nonce is consumed, so the answer cannot be replayed. */
export async function acceptKeyResponse(
  jws: string,
  expected: KeyExpectation & { book: KeyRequestBook },
): Promise<Result<{ dataKey: Buffer; response: KeyResponse }, ObtainKeyRefusal>> {
  const read = await readKeyResponse(jws, { ...expected, recipient: expected.keyPair.participant });
  if (!read.ok) return read;
  const redeemed = expected.book.redeem(read.value);
  if (!redeemed.ok) return redeemed;
  const dataKey = unwrap(read.value, expected);
  return dataKey.ok ? { ok: true, value: { dataKey: dataKey.value, response: read.value } } : dataKey;
}

/** A kept answer that carries a lease: valid offline until the lease's end, as signed by the owner. */
export async function openLease(
  jws: string,
  expected: KeyExpectation & { now: Date },
): Promise<Result<Buffer, ObtainKeyRefusal>> {
  const read = await readKeyResponse(jws, { ...expected, recipient: expected.keyPair.participant });
  if (!read.ok) return read;
  const lease = read.value.lease;
  if (lease === undefined) {
    return err('no-lease', `Cannot open "${expected.objectId}" offline: the owner granted no lease`);
  }
  if (lease.notAfter * 1000 <= expected.now.getTime()) {
    return err(
      'lease-expired',
      `Cannot open "${expected.objectId}" offline: its lease ended at ${new Date(lease.notAfter * 1000).toISOString()}`,
    );
  }
  return unwrap(read.value, expected);
}
