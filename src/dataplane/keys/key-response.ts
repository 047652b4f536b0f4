/**
 * The owner's answer to a key request: the data key wrapped for the requester, signed by the owner node, carrying
 * the requester's nonce and a short expiry, and optionally a lease (a later `notAfter` until which the recipient may
 * keep and re-use this very answer to open the object offline).
 */
import { CompactSign, compactVerify, decodeProtectedHeader } from 'jose';
import Type, { type Static } from 'typebox';
import Compile from 'typebox/compile';
import { err, ok, type Result } from '../../shared/result.ts';
import { canonicalBytes } from '../format/manifest-signature.ts';
import { WRAP_ALGORITHM } from './key-wrap.ts';
import type { NodeSigningKey, VerificationKeyLookup } from './node-signing-key.ts';

const TYP = 'foedera-key-response+jws';

const KeyResponseSchema = Type.Object(
  {
    typ: Type.Literal(TYP),
    iss: Type.String({ minLength: 1 }),
    sub: Type.String({ minLength: 1 }),
    objectId: Type.String({ minLength: 1 }),
    agreementId: Type.String({ minLength: 1 }),
    nonce: Type.String({ minLength: 16, maxLength: 128 }),
    iat: Type.Integer(),
    exp: Type.Integer(),
    wrappedKey: Type.Object(
      {
        alg: Type.Literal(WRAP_ALGORITHM),
        kid: Type.String({ minLength: 1 }),
        encMlkem768: Type.String(),
        encX25519: Type.String(),
        iv: Type.String(),
        ciphertext: Type.String(),
      },
      { additionalProperties: false },
    ),
    lease: Type.Optional(Type.Object({ notAfter: Type.Integer() }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
const validator = Compile(KeyResponseSchema);

export type KeyResponse = Static<typeof KeyResponseSchema>;

export async function signKeyResponse(
  response: Omit<KeyResponse, 'typ' | 'iss'>,
  key: NodeSigningKey,
): Promise<string> {
  const payload: KeyResponse = { typ: TYP, iss: key.participant, ...response };
  return new CompactSign(canonicalBytes(payload))
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: TYP })
    .sign(key.privateKey);
}

export type KeyResponseRefusal = 'key-response-invalid' | 'wrong-recipient' | 'key-response-mismatch';

/** Checks signature, issuer, recipient, object and agreement; freshness and nonce are the caller's next step. */
export async function readKeyResponse(
  jws: string,
  expected: {
    owner: string;
    recipient: string;
    objectId: string;
    agreementId: string;
    lookup: VerificationKeyLookup;
  },
): Promise<Result<KeyResponse, KeyResponseRefusal>> {
  const what = `Cannot accept key response for "${expected.objectId}"`;
  let kid: unknown;
  try {
    const header = decodeProtectedHeader(jws);
    if (header.typ !== TYP) return err('key-response-invalid', `${what}: not a key response`);
    kid = header.kid;
  } catch {
    return err('key-response-invalid', `${what}: not a JWS`);
  }
  if (typeof kid !== 'string') return err('key-response-invalid', `${what}: names no signing key`);
  const key = await expected.lookup({ participant: expected.owner, kid });
  if (key === undefined) return err('key-response-invalid', `${what}: no key "${kid}" for ${expected.owner}`);
  let payload: unknown;
  try {
    const verified = await compactVerify(jws, key, { algorithms: ['ES384', 'EdDSA'] });
    payload = JSON.parse(Buffer.from(verified.payload).toString('utf8'));
  } catch {
    return err('key-response-invalid', `${what}: signature of ${expected.owner} does not match`);
  }
  if (!validator.Check(payload)) return err('key-response-invalid', `${what}: malformed`);
  if (payload.iss !== expected.owner) return err('key-response-invalid', `${what}: issued by ${payload.iss}`);
  if (payload.sub !== expected.recipient) {
    return err('wrong-recipient', `${what}: it is addressed to ${payload.sub}, not ${expected.recipient}`);
  }
  if (payload.objectId !== expected.objectId || payload.agreementId !== expected.agreementId) {
    return err(
      'key-response-mismatch',
      `${what}: it is for "${payload.objectId}" under "${payload.agreementId}"`,
    );
  }
  return ok(payload);
}
