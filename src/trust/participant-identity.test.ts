import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { test } from 'node:test';
import type { PeerCertificate } from 'node:tls';
import { createRootCertificate, issueParticipantCertificate } from './certificates.ts';
import { generateKeyPair } from './keys.ts';
import { identityFromPeerCertificate } from './participant-identity.ts';

const NOW = new Date('2026-11-26T10:00:00Z');

/** A participant certificate as Node's TLS layer shows it: the DER and its SHA-256 fingerprint. */
async function peerCertificate(participantId: string, alpha3: string): Promise<PeerCertificate> {
  const caKeys = await generateKeyPair();
  const ca = {
    certificate: await createRootCertificate({ federation: 'T', keys: caKeys, now: NOW }),
    privateKey: caKeys.privateKey,
  };
  const keys = await generateKeyPair();
  const cert = await issueParticipantCertificate(ca, {
    participantId,
    country: { alpha2: alpha3.slice(0, 2), alpha3 },
    federation: 'T',
    publicKey: keys.publicKey,
    hosts: [],
    notBefore: NOW,
    notAfter: new Date(NOW.getTime() + 86_400_000),
  });
  const raw = Buffer.from(cert.rawData);
  return { raw, fingerprint256: new X509Certificate(raw).fingerprint256 } as PeerCertificate;
}

test('identityFromPeerCertificate() answers each certificate with its own participant, parsed or remembered', async () => {
  const deu = await peerCertificate('DEU', 'DEU');
  const fra = await peerCertificate('FRA', 'FRA');
  for (let round = 0; round < 2; round += 1) {
    const first = identityFromPeerCertificate(deu);
    const second = identityFromPeerCertificate(fra);
    assert.ok(first.ok && second.ok);
    assert.equal(first.value.participantId, 'DEU');
    assert.equal(second.value.participantId, 'FRA');
  }
});

test('identityFromPeerCertificate() never lets a certificate without a fingerprint take another one identity', async () => {
  const deu = await peerCertificate('DEU', 'DEU');
  const ita = await peerCertificate('ITA', 'ITA');
  const bare = (cert: PeerCertificate) => ({ raw: cert.raw }) as PeerCertificate;
  const a = identityFromPeerCertificate(bare(deu));
  const b = identityFromPeerCertificate(bare(ita));
  assert.ok(a.ok && b.ok);
  assert.deepEqual([a.value.participantId, b.value.participantId], ['DEU', 'ITA']);
  assert.equal(identityFromPeerCertificate({}).ok, false);
});
