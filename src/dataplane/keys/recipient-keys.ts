/**
 * A node's recipient key pair (X25519 + ML-KEM-768) and the signed document that publishes its public half. Owners
 * wrap data keys only for a key published by the requester's node and signed with its node key, so a man in the
 * middle cannot substitute its own key.
 */
import { CompactSign, compactVerify, decodeProtectedHeader } from 'jose';
import Type from 'typebox';
import Compile from 'typebox/compile';
import { err, ok, type Result } from '../../shared/result.ts';
import { fromB64url, toB64url } from '../_internal/bytes.ts';
import { canonicalBytes } from '../format/manifest-signature.ts';
import {
  generateHybridKeyPair,
  x25519PrivateFromRaw,
  type HybridPublicKey,
  type HybridSecretKey,
} from './hybrid-kem.ts';
import type { NodeSigningKey, VerificationKeyLookup } from './node-signing-key.ts';

export type RecipientKeyPair = {
  readonly participant: string;
  readonly kid: string;
  readonly publicKey: HybridPublicKey;
  readonly secretKey: HybridSecretKey;
};

export type RecipientPublicKey = {
  readonly participant: string;
  readonly kid: string;
  readonly publicKey: HybridPublicKey;
  readonly expiresAt: Date;
};

const TYP = 'foedera-recipient-keys+jws';

const DocumentSchema = Type.Object({
  typ: Type.Literal(TYP),
  participant: Type.String({ minLength: 1 }),
  kid: Type.String({ minLength: 1, maxLength: 256 }),
  x25519: Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' }),
  mlkem768: Type.String({ pattern: '^[A-Za-z0-9_-]+$' }),
  iat: Type.Integer(),
  exp: Type.Integer(),
});
const documentValidator = Compile(DocumentSchema);

export function generateRecipientKeyPair(options: { participant: string; kid: string }): RecipientKeyPair {
  return { ...options, ...generateHybridKeyPair() };
}

export async function publishRecipientKeys(options: {
  keyPair: RecipientKeyPair;
  signingKey: NodeSigningKey;
  now: Date;
  validSeconds: number;
}): Promise<string> {
  const { keyPair, signingKey, now } = options;
  if (keyPair.participant !== signingKey.participant) {
    throw new TypeError(
      `Cannot publish recipient keys of ${keyPair.participant} with the key of ${signingKey.participant}`,
    );
  }
  const iat = Math.floor(now.getTime() / 1000);
  const payload = {
    typ: TYP,
    participant: keyPair.participant,
    kid: keyPair.kid,
    x25519: toB64url(keyPair.publicKey.x25519),
    mlkem768: toB64url(keyPair.publicKey.mlkem768),
    iat,
    exp: iat + options.validSeconds,
  };
  return new CompactSign(canonicalBytes(payload))
    .setProtectedHeader({ alg: signingKey.alg, kid: signingKey.kid, typ: TYP })
    .sign(signingKey.privateKey);
}

export type RecipientKeysRefusal = 'recipient-keys-invalid' | 'recipient-keys-expired';

export async function readRecipientKeys(
  document: string,
  options: { lookup: VerificationKeyLookup; now: Date; participant: string },
): Promise<Result<RecipientPublicKey, RecipientKeysRefusal>> {
  const refuse = (why: string) =>
    err('recipient-keys-invalid', `Cannot accept recipient keys of ${options.participant}: ${why}`);
  let kid: unknown;
  try {
    kid = decodeProtectedHeader(document).kid;
  } catch {
    return refuse('document is not a JWS');
  }
  if (typeof kid !== 'string') return refuse('document names no signing key');
  const key = await options.lookup({ participant: options.participant, kid });
  if (key === undefined) return refuse(`no node key "${kid}" for ${options.participant}`);
  let payload: unknown;
  try {
    const verified = await compactVerify(document, key, { algorithms: ['ES384', 'EdDSA'] });
    payload = JSON.parse(Buffer.from(verified.payload).toString('utf8'));
  } catch {
    return refuse('signature does not match');
  }
  if (!documentValidator.Check(payload)) return refuse('document is malformed');
  if (payload.participant !== options.participant) return refuse(`document is for ${payload.participant}`);
  if (payload.exp * 1000 <= options.now.getTime()) {
    return err(
      'recipient-keys-expired',
      `Cannot accept recipient keys of ${options.participant}: they expired`,
    );
  }
  try {
    const mlkem768 = fromB64url(payload.mlkem768, 'mlkem768');
    if (mlkem768.length !== 1184) return refuse('ML-KEM-768 key is not 1184 bytes');
    return ok({
      participant: payload.participant,
      kid: payload.kid,
      publicKey: { mlkem768, x25519: fromB64url(payload.x25519, 'x25519') },
      expiresAt: new Date(payload.exp * 1000),
    });
  } catch {
    return refuse('keys are not canonical base64url');
  }
}

/** Serialises a key pair for the node's key directory (the file must be readable by the node only). */
export function exportRecipientKeyPair(keyPair: RecipientKeyPair): string {
  const jwk = keyPair.secretKey.x25519.export({ format: 'jwk' });
  return JSON.stringify({
    participant: keyPair.participant,
    kid: keyPair.kid,
    x25519: { d: jwk.d, x: toB64url(keyPair.publicKey.x25519) },
    mlkem768: {
      secretKey: toB64url(keyPair.secretKey.mlkem768),
      publicKey: toB64url(keyPair.publicKey.mlkem768),
    },
  });
}

export function importRecipientKeyPair(text: string): RecipientKeyPair {
  const value = JSON.parse(text) as {
    participant: string;
    kid: string;
    x25519: { d: string; x: string };
    mlkem768: { secretKey: string; publicKey: string };
  };
  return {
    participant: value.participant,
    kid: value.kid,
    publicKey: {
      mlkem768: fromB64url(value.mlkem768.publicKey, 'mlkem768'),
      x25519: fromB64url(value.x25519.x, 'x25519'),
    },
    secretKey: {
      mlkem768: fromB64url(value.mlkem768.secretKey, 'mlkem768'),
      x25519: x25519PrivateFromRaw(fromB64url(value.x25519.d, 'x25519')),
    },
  };
}
