/**
 * The protocol endpoint's admission rule for a TLS client, as a pure function of what the handshake established:
 * a certificate, chaining to the federation CA, valid now, naming a participant, and not on the revocation list.
 */
import { err, type Result } from '../shared/result.ts';
import { identityFromPeerCertificate, type ParticipantIdentity } from './participant-identity.ts';
import type { PeerCertificate } from 'node:tls';

export type AdmissionRefusal =
  | 'no-certificate'
  | 'unknown-ca'
  | 'expired'
  | 'not-yet-valid'
  | 'revoked'
  | 'no-participant-identity'
  | 'untrusted';

export type HandshakeFacts = {
  /** `tlsSocket.authorized` and `authorizationError`: OpenSSL's verdict against the CA and the CRL. */
  authorized: boolean;
  authorizationError: string | undefined;
  certificate: PeerCertificate | Record<string, never>;
  isRevoked: (serialNumber: string) => boolean;
};

const OPENSSL_REASONS: Readonly<Record<string, AdmissionRefusal>> = {
  CERT_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'not-yet-valid',
  CERT_REVOKED: 'revoked',
  UNABLE_TO_GET_ISSUER_CERT: 'unknown-ca',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unknown-ca',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unknown-ca',
  SELF_SIGNED_CERT_IN_CHAIN: 'unknown-ca',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'unknown-ca',
  CERT_SIGNATURE_FAILURE: 'unknown-ca',
};

export function admitPeer(facts: HandshakeFacts): Result<ParticipantIdentity, AdmissionRefusal> {
  const identity = identityFromPeerCertificate(facts.certificate);
  if (!identity.ok && identity.reason === 'no-certificate') return identity;
  if (!facts.authorized) {
    const code = facts.authorizationError ?? 'unknown';
    const reason = OPENSSL_REASONS[code] ?? 'untrusted';
    return err(reason, `Client certificate refused by TLS verification: ${code}`);
  }
  if (!identity.ok) return identity;
  // OpenSSL already checked the CRL of the secure context; this also covers a list applied a moment ago.
  if (facts.isRevoked(identity.value.serialNumber)) {
    return err(
      'revoked',
      `Certificate ${identity.value.serialNumber} of "${identity.value.participantId}" is revoked`,
    );
  }
  return identity;
}
