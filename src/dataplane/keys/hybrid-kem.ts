/**
 * Hybrid post-quantum KEM: X25519 (Node's crypto) and ML-KEM-768 (FIPS 203, `@noble/post-quantum`), combined as
 * X-Wing does (draft-connolly-cfrg-xwing-kem): SHA3-256(ss_M ‖ ss_X ‖ ct_X ‖ pk_X ‖ "\.//^\"). The shared secret
 * stays secret while either component holds. Byte-compatible with noble's `ml_kem768_x25519` (X-Wing), which the
 * tests check in both directions; X25519 runs in OpenSSL here because it is several times faster than pure JS.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { toB64url } from '../_internal/bytes.ts';

export type HybridPublicKey = { readonly mlkem768: Uint8Array; readonly x25519: Uint8Array };
export type HybridSecretKey = { readonly mlkem768: Uint8Array; readonly x25519: KeyObject };
export type HybridCiphertext = { readonly mlkem768: Uint8Array; readonly x25519: Uint8Array };

export const MLKEM768_PUBLIC_KEY_LENGTH = 1184;
export const MLKEM768_CIPHERTEXT_LENGTH = 1088;
export const X25519_KEY_LENGTH = 32;
const XWING_LABEL = Buffer.from('5c2e2f2f5e5c', 'hex');
const PKCS8_X25519_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');

export function x25519PublicRaw(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new TypeError('Cannot export X25519 public key: not an OKP key');
  return Buffer.from(jwk.x, 'base64url');
}

export function x25519PublicFromRaw(raw: Uint8Array): KeyObject {
  if (raw.length !== X25519_KEY_LENGTH)
    throw new RangeError('Cannot import X25519 public key: expected 32 bytes');
  return createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: toB64url(raw) }, format: 'jwk' });
}

export function x25519PrivateFromRaw(raw: Uint8Array): KeyObject {
  if (raw.length !== X25519_KEY_LENGTH)
    throw new RangeError('Cannot import X25519 private key: expected 32 bytes');
  return createPrivateKey({ key: Buffer.concat([PKCS8_X25519_PREFIX, raw]), format: 'der', type: 'pkcs8' });
}

function combine(parts: { ssM: Uint8Array; ssX: Uint8Array; ctX: Uint8Array; pkX: Uint8Array }): Buffer {
  return createHash('sha3-256')
    .update(parts.ssM)
    .update(parts.ssX)
    .update(parts.ctX)
    .update(parts.pkX)
    .update(XWING_LABEL)
    .digest();
}

export function generateHybridKeyPair(): { publicKey: HybridPublicKey; secretKey: HybridSecretKey } {
  const mlkem = ml_kem768.keygen();
  const x = generateKeyPairSync('x25519');
  return {
    publicKey: { mlkem768: mlkem.publicKey, x25519: x25519PublicRaw(x.publicKey) },
    secretKey: { mlkem768: mlkem.secretKey, x25519: x.privateKey },
  };
}

export function hybridEncapsulate(publicKey: HybridPublicKey): {
  sharedSecret: Buffer;
  ciphertext: HybridCiphertext;
} {
  if (publicKey.mlkem768.length !== MLKEM768_PUBLIC_KEY_LENGTH) {
    throw new RangeError('Cannot encapsulate: ML-KEM-768 public key must be 1184 bytes');
  }
  const { cipherText, sharedSecret: ssM } = ml_kem768.encapsulate(publicKey.mlkem768);
  const ephemeral = generateKeyPairSync('x25519');
  const ssX = diffieHellman({
    privateKey: ephemeral.privateKey,
    publicKey: x25519PublicFromRaw(publicKey.x25519),
  });
  const ctX = x25519PublicRaw(ephemeral.publicKey);
  return {
    sharedSecret: combine({ ssM, ssX, ctX, pkX: publicKey.x25519 }),
    ciphertext: { mlkem768: cipherText, x25519: ctX },
  };
}

/** Throws on malformed input; ML-KEM's implicit rejection makes a wrong ciphertext yield an unrelated secret. */
export function hybridDecapsulate(options: {
  ciphertext: HybridCiphertext;
  secretKey: HybridSecretKey;
  publicKey: HybridPublicKey;
}): Buffer {
  const { ciphertext, secretKey, publicKey } = options;
  if (ciphertext.mlkem768.length !== MLKEM768_CIPHERTEXT_LENGTH) {
    throw new RangeError('Cannot decapsulate: ML-KEM-768 ciphertext must be 1088 bytes');
  }
  const ssM = ml_kem768.decapsulate(ciphertext.mlkem768, secretKey.mlkem768);
  const ssX = diffieHellman({
    privateKey: secretKey.x25519,
    publicKey: x25519PublicFromRaw(ciphertext.x25519),
  });
  return combine({ ssM, ssX, ctX: ciphertext.x25519, pkX: publicKey.x25519 });
}
