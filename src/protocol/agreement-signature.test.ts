import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateKeyPair } from 'jose';
import { signAgreement, verifyAgreementSignature } from './agreement-signature.ts';
import type { Agreement } from './messages/odrl.ts';

const agreement: Agreement = {
  '@type': 'Agreement',
  '@id': 'urn:uuid:a-1',
  target: 'urn:dataset:d-42',
  assigner: 'FRA',
  assignee: 'DEU',
  timestamp: '2026-11-26T06:00:00Z',
  permission: [
    { action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: 'training' }] },
  ],
};

test('both nodes sign the agreement and each signature verifies with its signer key only', async () => {
  const fra = await generateKeyPair('EdDSA');
  const deu = await generateKeyPair('EdDSA');
  const byFra = await signAgreement({ agreement, key: fra.privateKey, alg: 'EdDSA', kid: 'fra-1' });
  const byDeu = await signAgreement({ agreement, key: deu.privateKey, alg: 'EdDSA', kid: 'deu-1' });
  assert.deepEqual(await verifyAgreementSignature({ agreement, jws: byFra, key: fra.publicKey }), {
    ok: true,
    value: { kid: 'fra-1' },
  });
  assert.equal((await verifyAgreementSignature({ agreement, jws: byDeu, key: deu.publicKey })).ok, true);
  assert.equal((await verifyAgreementSignature({ agreement, jws: byFra, key: deu.publicKey })).ok, false);
});

test('verifyAgreementSignature() refuses a signature over an altered agreement', async () => {
  const fra = await generateKeyPair('EdDSA');
  const jws = await signAgreement({ agreement, key: fra.privateKey, alg: 'EdDSA', kid: 'fra-1' });
  const altered: Agreement = { ...agreement, assignee: 'ITA' };
  const result = await verifyAgreementSignature({ agreement: altered, jws, key: fra.publicKey });
  assert.equal(result.ok, false);
  if (!result.ok) assert.match(result.detail, /signed content differs/);
});

test('the signature does not depend on the order of the agreement terms', async () => {
  const fra = await generateKeyPair('EdDSA');
  const jws = await signAgreement({ agreement, key: fra.privateKey, alg: 'EdDSA', kid: 'fra-1' });
  const reordered = Object.fromEntries(Object.entries(agreement).reverse()) as Agreement;
  assert.equal((await verifyAgreementSignature({ agreement: reordered, jws, key: fra.publicKey })).ok, true);
});
