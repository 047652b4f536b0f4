import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { idpKeyFromPem } from './idp-key.ts';
import { issueToken, parseTtl } from './issue-token.ts';
import { createTokenVerifier } from './verify-token.ts';

const NOW = new Date('2026-11-26T10:00:00Z');
const ATTRIBUTES = {
  nationality: 'FRA',
  clearances: { FRA: 'SECRET', NATO: 'NATO SECRET' },
  coi: ['EUFOR'],
  roles: ['analyst'],
};

async function idp() {
  const pem = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({
    type: 'pkcs8',
    format: 'pem',
  });
  return idpKeyFromPem(String(pem));
}

const request = (key: Awaited<ReturnType<typeof idp>>, over: { now?: Date; audience?: string } = {}) =>
  issueToken({
    key,
    issuer: 'urn:foedera:idp:FRA',
    audience: over.audience ?? 'urn:foedera:participant:FRA',
    participant: 'FRA',
    subject: 'alice',
    attributes: ATTRIBUTES,
    ttlSeconds: 3600,
    now: over.now ?? NOW,
  });

const verifierFor = (key: Awaited<ReturnType<typeof idp>>, now = NOW) =>
  createTokenVerifier({
    issuer: 'urn:foedera:idp:FRA',
    audience: 'urn:foedera:participant:FRA',
    clock: () => now,
    keys: { jwks: [key.publicJwk] },
  });

test('a token of the local identity provider verifies and yields the user attributes per policy', async () => {
  const key = await idp();
  const verdict = await verifierFor(key).verify(`Bearer ${await request(key)}`);
  assert.ok(verdict.ok);
  assert.equal(verdict.value.subject, 'alice');
  assert.equal(verdict.value.participant, 'FRA');
  assert.deepEqual(verdict.value.clearances, ATTRIBUTES.clearances);
  assert.deepEqual(verdict.value.coi, ['EUFOR']);
  assert.equal(verdict.value.expiresAt.getTime(), NOW.getTime() + 3_600_000);
  assert.equal(key.publicJwk.alg, 'ES384');
});

test('verify() refuses a missing, malformed, expired, foreign-signed or mis-addressed token with its reason', async () => {
  const key = await idp();
  const verifier = verifierFor(key);
  const reason = async (header: string | undefined) => {
    const verdict = await verifier.verify(header);
    return verdict.ok ? 'accepted' : verdict.reason;
  };
  assert.equal(await reason(undefined), 'token-missing');
  assert.equal(await reason('Basic YWxpY2U6c2VjcmV0'), 'token-malformed');
  assert.equal(await reason('Bearer abc.def.ghi'), 'token-malformed');
  assert.equal(
    await reason(`Bearer ${await request(key, { now: new Date(NOW.getTime() - 7_200_000) })}`),
    'token-expired',
  );
  assert.equal(await reason(`Bearer ${await request(await idp())}`), 'token-invalid');
  assert.equal(
    await reason(`Bearer ${await request(key, { audience: 'urn:foedera:participant:DEU' })}`),
    'token-invalid',
  );
});

test('parseTtl() reads seconds, minutes, hours and days and refuses the rest', () => {
  assert.equal(parseTtl('8h'), 28_800);
  assert.equal(parseTtl('30m'), 1800);
  assert.equal(parseTtl('3600'), 3600);
  assert.equal(parseTtl('2d'), 172_800);
  assert.equal(parseTtl('0s'), undefined);
  assert.equal(parseTtl('eight hours'), undefined);
});
