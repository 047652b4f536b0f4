import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PeerCertificate } from 'node:tls';
import { admitPeer, type HandshakeFacts } from './admit-peer.ts';
import { createRootCertificate, issueParticipantCertificate } from './certificates.ts';
import { generateKeyPair } from './keys.ts';
import { normaliseSerial } from './participant-identity.ts';

const NOW = new Date('2026-11-26T10:00:00Z');

async function peerCertificate(): Promise<{ cert: PeerCertificate; serial: string }> {
  const caKeys = await generateKeyPair();
  const ca = {
    certificate: await createRootCertificate({ federation: 'T', keys: caKeys, now: NOW }),
    privateKey: caKeys.privateKey,
  };
  const keys = await generateKeyPair();
  const cert = await issueParticipantCertificate(ca, {
    participantId: 'DEU',
    country: { alpha2: 'DE', alpha3: 'DEU' },
    federation: 'T',
    publicKey: keys.publicKey,
    hosts: [],
    notBefore: NOW,
    notAfter: new Date(NOW.getTime() + 86_400_000),
  });
  // Node's PeerCertificate carries the DER as `raw`; that is all admitPeer reads from it.
  return { cert: { raw: Buffer.from(cert.rawData) } as PeerCertificate, serial: cert.serialNumber };
}

const facts = (over: Partial<HandshakeFacts>): HandshakeFacts => ({
  authorized: true,
  authorizationError: undefined,
  certificate: {},
  isRevoked: () => false,
  ...over,
});

test('admitPeer() admits an authorised, unrevoked participant certificate with its identity', async () => {
  const { cert } = await peerCertificate();
  const verdict = admitPeer(facts({ certificate: cert }));
  assert.ok(verdict.ok);
  assert.equal(verdict.value.participantId, 'DEU');
});

test('admitPeer() names the reason of each refusal', async () => {
  const { cert, serial } = await peerCertificate();
  const reasonOf = (f: HandshakeFacts) => {
    const verdict = admitPeer(f);
    return verdict.ok ? 'admitted' : verdict.reason;
  };
  assert.equal(
    reasonOf(facts({ authorized: false, authorizationError: 'UNABLE_TO_GET_ISSUER_CERT' })),
    'no-certificate',
  );
  const refused = (code: string) =>
    reasonOf(facts({ certificate: cert, authorized: false, authorizationError: code }));
  assert.equal(refused('CERT_HAS_EXPIRED'), 'expired');
  assert.equal(refused('CERT_NOT_YET_VALID'), 'not-yet-valid');
  assert.equal(refused('CERT_REVOKED'), 'revoked');
  assert.equal(refused('SELF_SIGNED_CERT_IN_CHAIN'), 'unknown-ca');
  assert.equal(refused('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), 'unknown-ca');
  assert.equal(refused('SOMETHING_NEW'), 'untrusted');
  // A list applied a moment ago, before the secure context was swapped, still refuses.
  assert.equal(
    reasonOf(facts({ certificate: cert, isRevoked: (s) => normaliseSerial(s) === normaliseSerial(serial) })),
    'revoked',
  );
});
