/**
 * Wraps a 32-byte data key for one recipient: an X-Wing encapsulation to the recipient's hybrid public key, a key
 * encryption key from HKDF-SHA-384 over the shared secret with the wrap context as info, and AES-256-GCM over the
 * data key with the whole header as associated data. The context (object, agreement, recipient and its key id) is
 * bound twice, in the KDF and in the AAD, so a wrapped key is useless for any other object, agreement or party.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { err, ok, type Result } from '../../shared/result.ts';
import { fromB64url, toB64url, utf8 } from '../_internal/bytes.ts';
import { canonicalBytes } from '../format/manifest-signature.ts';
import { DATA_KEY_LENGTH } from '../format/segment-crypto.ts';
import {
  hybridDecapsulate,
  hybridEncapsulate,
  type HybridPublicKey,
  type HybridSecretKey,
} from './hybrid-kem.ts';

export const WRAP_ALGORITHM = 'X-Wing+HKDF-SHA-384+A256GCM';

export type WrapContext = {
  readonly objectId: string;
  readonly agreementId: string;
  /** Participant the key is wrapped for. */
  readonly recipient: string;
  /** Key id of the recipient's published hybrid key. */
  readonly recipientKid: string;
};

export type WrappedKey = {
  readonly alg: typeof WRAP_ALGORITHM;
  readonly kid: string;
  readonly encMlkem768: string;
  readonly encX25519: string;
  readonly iv: string;
  readonly ciphertext: string;
};

function header(context: WrapContext, wrapped: Omit<WrappedKey, 'iv' | 'ciphertext'>): Buffer {
  return canonicalBytes({ context, ...wrapped });
}

function kek(sharedSecret: Uint8Array, context: WrapContext): Buffer {
  return Buffer.from(
    hkdfSync(
      'sha384',
      sharedSecret,
      utf8('foedera/key-wrap/v1'),
      canonicalBytes({ alg: WRAP_ALGORITHM, context }),
      32,
    ),
  );
}

export function wrapDataKey(options: {
  dataKey: Uint8Array;
  recipientKey: HybridPublicKey;
  context: WrapContext;
}): WrappedKey {
  const { dataKey, context } = options;
  if (dataKey.length !== DATA_KEY_LENGTH) throw new RangeError('Cannot wrap data key: expected 32 bytes');
  const { sharedSecret, ciphertext } = hybridEncapsulate(options.recipientKey);
  const head = {
    alg: WRAP_ALGORITHM,
    kid: context.recipientKid,
    encMlkem768: toB64url(ciphertext.mlkem768),
    encX25519: toB64url(ciphertext.x25519),
  } as const;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek(sharedSecret, context), iv);
  cipher.setAAD(header(context, head));
  const body = Buffer.concat([cipher.update(dataKey), cipher.final(), cipher.getAuthTag()]);
  return { ...head, iv: toB64url(iv), ciphertext: toB64url(body) };
}

export type UnwrapRefusal = 'wrong-recipient-key' | 'key-unwrap-failed';

export function unwrapDataKey(options: {
  wrapped: WrappedKey;
  keyPair: { kid: string; publicKey: HybridPublicKey; secretKey: HybridSecretKey };
  context: WrapContext;
}): Result<Buffer, UnwrapRefusal> {
  const { wrapped, keyPair, context } = options;
  const what = `Cannot unwrap data key of "${context.objectId}"`;
  if (wrapped.kid !== keyPair.kid || context.recipientKid !== keyPair.kid) {
    return err(
      'wrong-recipient-key',
      `${what}: wrapped for key "${wrapped.kid}", this node holds "${keyPair.kid}"`,
    );
  }
  if (wrapped.alg !== WRAP_ALGORITHM)
    return err('key-unwrap-failed', `${what}: unknown algorithm "${wrapped.alg}"`);
  try {
    const sharedSecret = hybridDecapsulate({
      ciphertext: {
        mlkem768: fromB64url(wrapped.encMlkem768, 'encMlkem768'),
        x25519: fromB64url(wrapped.encX25519, 'encX25519'),
      },
      secretKey: keyPair.secretKey,
      publicKey: keyPair.publicKey,
    });
    const body = fromB64url(wrapped.ciphertext, 'ciphertext');
    if (body.length !== DATA_KEY_LENGTH + 16)
      return err('key-unwrap-failed', `${what}: wrapped key has the wrong length`);
    const decipher = createDecipheriv(
      'aes-256-gcm',
      kek(sharedSecret, context),
      fromB64url(wrapped.iv, 'iv'),
    );
    decipher.setAAD(
      header(context, {
        alg: wrapped.alg,
        kid: wrapped.kid,
        encMlkem768: wrapped.encMlkem768,
        encX25519: wrapped.encX25519,
      }),
    );
    decipher.setAuthTag(body.subarray(DATA_KEY_LENGTH));
    return ok(Buffer.concat([decipher.update(body.subarray(0, DATA_KEY_LENGTH)), decipher.final()]));
  } catch {
    return err('key-unwrap-failed', `${what}: it was not wrapped for this recipient, object and agreement`);
  }
}
