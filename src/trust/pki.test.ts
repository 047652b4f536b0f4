import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRootCertificate, issueParticipantCertificate, type CaMaterial } from './certificates.ts';
import { countryOfParticipant } from './countries.ts';
import { issueCrl, verifyCrl } from './crl.ts';
import { generateKeyPair } from './keys.ts';
import { identityFromCertificate } from './participant-identity.ts';
import { RevocationState } from './revocation-state.ts';
import * as x509 from './x509.ts';

const NOW = new Date('2026-11-26T10:00:00Z');

async function makeCa(federation = 'Test'): Promise<CaMaterial> {
  const keys = await generateKeyPair();
  return {
    certificate: await createRootCertificate({ federation, keys, now: NOW }),
    privateKey: keys.privateKey,
  };
}

async function participant(ca: CaMaterial, id: string) {
  const keys = await generateKeyPair();
  const country = countryOfParticipant(id);
  assert.ok(country);
  return issueParticipantCertificate(ca, {
    participantId: id,
    country,
    federation: 'Test',
    publicKey: keys.publicKey,
    hosts: ['localhost', '127.0.0.1'],
    notBefore: NOW,
    notAfter: new Date(NOW.getTime() + 86_400_000),
  });
}

test('the root CA is a P-384 ECDSA certificate allowed to sign certificates and CRLs', async () => {
  const ca = await makeCa();
  const { certificate } = ca;
  assert.equal((certificate.publicKey.algorithm as EcKeyAlgorithmLike).namedCurve, 'P-384');
  assert.equal(certificate.getExtension(x509.BasicConstraintsExtension)?.ca, true);
  const usages = certificate.getExtension(x509.KeyUsagesExtension)?.usages ?? 0;
  assert.ok(usages & x509.KeyUsageFlags.keyCertSign && usages & x509.KeyUsageFlags.cRLSign);
  assert.ok(await certificate.verify({ signatureOnly: true }));
});

test('a participant certificate names the participant, its alpha-2 and alpha-3 country and TLS client+server use', async () => {
  const ca = await makeCa();
  const cert = await participant(ca, 'FRA');
  assert.ok(await cert.verify({ publicKey: ca.certificate, signatureOnly: true }));
  const identity = identityFromCertificate(cert.toString('pem'));
  assert.ok(identity.ok);
  assert.equal(identity.value.participantId, 'FRA');
  assert.equal(identity.value.country, 'FR');
  assert.equal(identity.value.countryAlpha3, 'FRA');
  assert.equal(identity.value.federation, 'Test');
  const eku = cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages ?? [];
  assert.deepEqual(
    [...eku].sort(),
    [x509.ExtendedKeyUsage.clientAuth, x509.ExtendedKeyUsage.serverAuth].sort(),
  );
});

test('an organisation such as the European Defence Agency is certified under the EU country codes', async () => {
  const identity = identityFromCertificate(await participant(await makeCa(), 'EDA'));
  assert.ok(identity.ok);
  assert.deepEqual([identity.value.country, identity.value.countryAlpha3], ['EU', 'EUE']);
  assert.equal(countryOfParticipant('ACME'), undefined);
  assert.deepEqual(countryOfParticipant('ACME', 'DEU'), { alpha2: 'DE', alpha3: 'DEU' });
  assert.deepEqual(countryOfParticipant('ACME', 'NL'), { alpha2: 'NL', alpha3: 'NLD' });
});

test('identityFromCertificate() refuses a certificate that names no participant', async () => {
  const ca = await makeCa();
  const result = identityFromCertificate(ca.certificate);
  assert.deepEqual(result.ok ? 'ok' : result.reason, 'no-participant-identity');
});

test('verifyCrl() accepts the CA-signed list and lists the revoked serials', async () => {
  const ca = await makeCa();
  const cert = await participant(ca, 'DEU');
  const pem = await issueCrl(ca, {
    entries: [{ serialNumber: cert.serialNumber, revokedAt: NOW }],
    now: NOW,
  });
  assert.match(pem, /^-----BEGIN X509 CRL-----/);
  const list = await verifyCrl(pem, ca.certificate);
  assert.ok(list.ok);
  assert.equal(list.value.revoked.size, 1);
  assert.equal(list.value.thisUpdate.getTime(), NOW.getTime());
});

test('verifyCrl() refuses a list from another CA and a list whose signature was altered', async () => {
  const ca = await makeCa();
  const other = await makeCa('Other');
  const foreign = await verifyCrl(await issueCrl(other, { entries: [], now: NOW }), ca.certificate);
  assert.equal(foreign.ok ? 'ok' : foreign.reason, 'crl-foreign-issuer');
  // Same issuer name, other key: the name matches, the signature does not.
  const impostor = await makeCa('Test');
  const forged = await verifyCrl(await issueCrl(impostor, { entries: [], now: NOW }), ca.certificate);
  assert.equal(forged.ok ? 'ok' : forged.reason, 'crl-bad-signature');
  const garbage = await verifyCrl('-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----', ca.certificate);
  assert.equal(garbage.ok ? 'ok' : garbage.reason, 'crl-malformed');
});

test('RevocationState applies only a newer authentic list and tells its listeners', async () => {
  const ca = await makeCa();
  const cert = await participant(ca, 'ITA');
  const state = await RevocationState.create(ca.certificate, await issueCrl(ca, { entries: [], now: NOW }), {
    clock: () => new Date(NOW.getTime() + 5000),
  });
  assert.ok(state.ok);
  const seen: number[] = [];
  state.value.onChange((list) => seen.push(list.revoked.size));
  const later = new Date(NOW.getTime() + 1000);
  const revoking = await issueCrl(ca, {
    entries: [{ serialNumber: cert.serialNumber, revokedAt: later }],
    now: later,
  });
  assert.deepEqual(await state.value.apply(revoking), { ok: true, value: 'applied' });
  assert.ok(state.value.isRevoked(cert.serialNumber));
  assert.deepEqual(await state.value.apply(revoking), { ok: true, value: 'unchanged' });
  const stale = await state.value.apply(await issueCrl(ca, { entries: [], now: NOW }));
  assert.equal(stale.ok ? 'ok' : stale.reason, 'crl-stale');
  assert.ok(state.value.isRevoked(cert.serialNumber), 'a replayed older list does not un-revoke');
  assert.deepEqual(seen, [1]);
});

test('RevocationState defers a list dated ahead until its time and refuses one dated far ahead', async () => {
  const ca = await makeCa();
  const cert = await participant(ca, 'ITA');
  let now = NOW;
  const state = await RevocationState.create(ca.certificate, await issueCrl(ca, { entries: [], now: NOW }), {
    clock: () => now,
  });
  assert.ok(state.ok);
  const seen: string[] = [];
  state.value.onChange((list) => seen.push(list.thisUpdate.toISOString()));
  const soon = new Date(NOW.getTime() + 1000);
  const revoking = await issueCrl(ca, {
    entries: [{ serialNumber: cert.serialNumber, revokedAt: NOW }],
    now: soon,
  });
  assert.deepEqual(await state.value.apply(revoking), { ok: true, value: 'deferred' });
  assert.equal(state.value.current.thisUpdate.getTime(), NOW.getTime(), 'not installed before its time');
  assert.equal(state.value.isRevoked(cert.serialNumber), false);
  assert.deepEqual(await state.value.apply(revoking), { ok: true, value: 'unchanged' });
  now = soon;
  await new Promise((r) => setTimeout(r, 1200));
  assert.deepEqual(seen, [soon.toISOString()]);
  assert.ok(state.value.isRevoked(cert.serialNumber));
  assert.equal(state.value.pending, undefined);

  const far = await state.value.apply(
    await issueCrl(ca, { entries: [], now: new Date(NOW.getTime() + 7_200_000) }),
  );
  assert.equal(far.ok ? 'ok' : far.reason, 'crl-not-yet-valid');
  const atStart = await RevocationState.create(
    ca.certificate,
    await issueCrl(ca, { entries: [], now: new Date(NOW.getTime() + 7_200_000) }),
    { clock: () => NOW },
  );
  assert.equal(atStart.ok ? 'ok' : atStart.reason, 'crl-not-yet-valid');
  state.value.close();
});

type EcKeyAlgorithmLike = { namedCurve?: string };
