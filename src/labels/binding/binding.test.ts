import assert from 'node:assert/strict';
import { generateKeyPairSync, webcrypto } from 'node:crypto';
import { test } from 'node:test';
import { decodeProtectedHeader } from 'jose';
import type { ConfidentialityLabel } from '../label.ts';
import { bindLabel } from './bind-label.ts';
import { sha384 } from './digest.ts';
import { verifyLabelBinding } from './verify-label-binding.ts';

const label: ConfidentialityLabel = {
  policy: 'NATO',
  classification: 'NATO SECRET',
  categories: [{ tagName: 'Releasable To', type: 'PERMISSIVE', values: ['FRA', 'DEU'] }],
  originator: 'urn:foedera:participant:FRA-MOD',
  creationTime: '2026-11-26T05:00:00Z',
};
const data = new TextEncoder().encode('Order of battle, sector 7\n');
const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
const ed25519 = generateKeyPairSync('ed25519');

for (const [name, keys, alg] of [
  ['ES384', p384, 'ES384'],
  ['Ed25519', ed25519, 'Ed25519'],
] as const) {
  test(`verifyLabelBinding() accepts an untouched ${name} binding and names the algorithm`, async () => {
    const binding = await bindLabel({ data, label, key: keys.privateKey, kid: 'fra-node-1' });
    assert.equal(decodeProtectedHeader(binding.jws).alg, alg);
    assert.match(binding.jws, /^[\w-]+\.\.[\w-]+$/, 'the payload is detached');
    const result = await verifyLabelBinding({ binding, data, label, key: keys.publicKey });
    assert.deepEqual(result, { ok: true, value: { algorithm: alg, kid: 'fra-node-1' } });
  });
}

test('verifyLabelBinding() detects a changed byte of the data', async () => {
  const binding = await bindLabel({ data, label, key: p384.privateKey });
  const tampered = Uint8Array.from(data);
  tampered[3] = (tampered[3] ?? 0) ^ 1;
  const result = await verifyLabelBinding({
    binding,
    data: tampered,
    label,
    key: p384.publicKey,
    subject: 'd-42',
  });
  assert.deepEqual(result, {
    ok: false,
    reason: 'data-digest-mismatch',
    detail: 'Cannot verify label binding for "d-42": digest mismatch',
  });
});

test('verifyLabelBinding() detects a changed label, even one releasable value more', async () => {
  const binding = await bindLabel({ data, label, key: ed25519.privateKey });
  const wider = {
    ...label,
    categories: [{ ...label.categories[0], values: ['FRA', 'DEU', 'ITA'] }],
  } as ConfidentialityLabel;
  const result = await verifyLabelBinding({ binding, data, label: wider, key: ed25519.publicKey });
  assert.equal(!result.ok && result.reason, 'label-mismatch');
  const lowered = await verifyLabelBinding({
    binding,
    data,
    label: { ...label, classification: 'NATO RESTRICTED' },
    key: ed25519.publicKey,
  });
  assert.equal(!lowered.ok && lowered.reason, 'label-mismatch');
});

test('verifyLabelBinding() refuses a binding whose digests were rewritten to match changed data', async () => {
  const binding = await bindLabel({ data, label, key: p384.privateKey });
  const other = new TextEncoder().encode('forged');
  const forged = { ...binding, dataDigest: Buffer.from(sha384(other)).toString('base64url') };
  const result = await verifyLabelBinding({ binding: forged, data: other, label, key: p384.publicKey });
  assert.equal(!result.ok && result.reason, 'bad-signature');
});

test('verifyLabelBinding() refuses another node key and a malformed binding', async () => {
  const binding = await bindLabel({ data, label, key: p384.privateKey });
  const stranger = generateKeyPairSync('ec', { namedCurve: 'P-384' });
  const wrongKey = await verifyLabelBinding({ binding, data, label, key: stranger.publicKey });
  assert.equal(!wrongKey.ok && wrongKey.reason, 'bad-signature');
  for (const malformed of [null, 'x', { ...binding, version: 2 }, { ...binding, jws: 'a.b.c' }]) {
    const result = await verifyLabelBinding({ binding: malformed, data, label, key: p384.publicKey });
    assert.deepEqual(result, {
      ok: false,
      reason: 'bad-signature',
      detail: 'Cannot verify label binding: the binding is malformed',
    });
  }
});

test('bindLabel() gives the same binding digests for bytes, a stream and a precomputed digest', async () => {
  async function* chunks() {
    yield data.subarray(0, 5);
    yield data.subarray(5);
  }
  const fromBytes = await bindLabel({ data, label, key: ed25519.privateKey });
  const fromStream = await bindLabel({ stream: chunks(), label, key: ed25519.privateKey });
  const fromDigest = await bindLabel({ dataDigest: sha384(data), label, key: ed25519.privateKey });
  assert.equal(fromStream.dataDigest, fromBytes.dataDigest);
  assert.equal(fromDigest.dataDigest, fromBytes.dataDigest);
  const verified = await verifyLabelBinding({
    binding: fromBytes,
    dataDigest: sha384(data),
    label,
    key: ed25519.publicKey,
  });
  assert.equal(verified.ok, true);
});

test('bindLabel() works with Web Crypto keys and refuses keys of other curves', async () => {
  const pair = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, false, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const binding = await bindLabel({ data, label, key: pair.privateKey });
  assert.equal((await verifyLabelBinding({ binding, data, label, key: pair.publicKey })).ok, true);
  const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  await assert.rejects(bindLabel({ data, label, key: p256.privateKey }), { code: 'unsupported-key' });
});
