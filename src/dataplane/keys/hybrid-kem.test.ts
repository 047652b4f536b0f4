import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { shake256 } from '@noble/hashes/sha3.js';
import { ml_kem768_x25519 } from '@noble/post-quantum/hybrid.js';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import {
  generateHybridKeyPair,
  hybridDecapsulate,
  hybridEncapsulate,
  x25519PrivateFromRaw,
  x25519PublicFromRaw,
  x25519PublicRaw,
} from './hybrid-kem.ts';

/** X-Wing key expansion (draft-connolly-cfrg-xwing-kem): SHAKE256(seed, 96) = ML-KEM seed (64) ‖ X25519 secret (32). */
function expandXWingSeed(seed: Uint8Array) {
  const expanded = shake256(seed, { dkLen: 96 });
  const mlkem = ml_kem768.keygen(expanded.subarray(0, 64));
  const x25519 = x25519PrivateFromRaw(expanded.subarray(64, 96));
  return {
    publicKey: {
      mlkem768: mlkem.publicKey,
      x25519: x25519PublicRaw(x25519PublicFromRaw(x25519PublicRaw(x25519))),
    },
    secretKey: { mlkem768: mlkem.secretKey, x25519 },
  };
}

test('hybridEncapsulate() and hybridDecapsulate() agree on a 32-byte secret', () => {
  const { publicKey, secretKey } = generateHybridKeyPair();
  const { sharedSecret, ciphertext } = hybridEncapsulate(publicKey);
  assert.equal(sharedSecret.length, 32);
  assert.deepEqual(hybridDecapsulate({ ciphertext, secretKey, publicKey }), sharedSecret);
});

test('hybridEncapsulate() output decapsulates with noble X-Wing to the same secret', () => {
  const seed = randomBytes(32);
  const noble = ml_kem768_x25519.keygen(seed);
  const ours = expandXWingSeed(seed);
  assert.deepEqual(
    Buffer.from(noble.publicKey),
    Buffer.concat([ours.publicKey.mlkem768, ours.publicKey.x25519]),
  );
  const { sharedSecret, ciphertext } = hybridEncapsulate(ours.publicKey);
  const theirs = ml_kem768_x25519.decapsulate(
    Buffer.concat([ciphertext.mlkem768, ciphertext.x25519]),
    noble.secretKey,
  );
  assert.deepEqual(Buffer.from(theirs), sharedSecret);
});

test('noble X-Wing encapsulation decapsulates with hybridDecapsulate() to the same secret', () => {
  const seed = randomBytes(32);
  const noble = ml_kem768_x25519.keygen(seed);
  const ours = expandXWingSeed(seed);
  const { cipherText, sharedSecret } = ml_kem768_x25519.encapsulate(noble.publicKey);
  const ciphertext = { mlkem768: cipherText.subarray(0, 1088), x25519: cipherText.subarray(1088) };
  assert.deepEqual(hybridDecapsulate({ ciphertext, ...ours }), Buffer.from(sharedSecret));
});

test('hybridDecapsulate() with another key pair or an altered ciphertext yields a different secret', () => {
  const a = generateHybridKeyPair();
  const b = generateHybridKeyPair();
  const { sharedSecret, ciphertext } = hybridEncapsulate(a.publicKey);
  assert.notDeepEqual(hybridDecapsulate({ ciphertext, ...b }), sharedSecret);
  const altered = { ...ciphertext, mlkem768: Buffer.from(ciphertext.mlkem768).fill(7, 0, 1) };
  assert.notDeepEqual(hybridDecapsulate({ ciphertext: altered, ...a }), sharedSecret);
});

test('hybridDecapsulate() refuses a ciphertext of the wrong length', () => {
  const a = generateHybridKeyPair();
  const { ciphertext } = hybridEncapsulate(a.publicKey);
  assert.throws(
    () => hybridDecapsulate({ ciphertext: { ...ciphertext, mlkem768: new Uint8Array(10) }, ...a }),
    /1088 bytes/,
  );
});
