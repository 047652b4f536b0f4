/**
 * Who a certificate speaks for. A participant certificate names its participant in a SAN URI
 * `urn:foedera:participant:<ID>`, its country's alpha-3 code in `urn:foedera:country:<A3>` and alpha-2 in subject C=.
 */
import type { PeerCertificate } from 'node:tls';
import * as x509 from './x509.ts';
import { err, ok, type Result } from '../shared/result.ts';

export const PARTICIPANT_URN = 'urn:foedera:participant:';
export const COUNTRY_URN = 'urn:foedera:country:';

export type ParticipantIdentity = {
  readonly participantId: string;
  /** ISO 3166-1 alpha-2 (subject C=). */
  readonly country: string;
  /** Alpha-3, as labels use it (EUE for the EU). */
  readonly countryAlpha3: string;
  readonly federation: string;
  /** Lower-case hexadecimal, no leading zeros stripped: the form CRL entries are compared in. */
  readonly serialNumber: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
};

export function participantUri(participantId: string): string {
  return `${PARTICIPANT_URN}${participantId}`;
}

export function identityFromCertificate(
  certificate: x509.X509Certificate | string,
): Result<ParticipantIdentity, 'no-participant-identity'> {
  const cert = typeof certificate === 'string' ? new x509.X509Certificate(certificate) : certificate;
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  const uris = (san?.names.items ?? []).filter((n) => n.type === 'url').map((n) => n.value);
  const participantId = uriValue(uris, PARTICIPANT_URN);
  const countryAlpha3 = uriValue(uris, COUNTRY_URN);
  const country = cert.subjectName.getField('C')[0];
  const federation = cert.subjectName.getField('O')[0];
  if (
    participantId === undefined ||
    countryAlpha3 === undefined ||
    country === undefined ||
    federation === undefined
  ) {
    return err('no-participant-identity', `Certificate "${cert.subject}" names no Foedera participant`);
  }
  return ok({
    participantId,
    country,
    countryAlpha3,
    federation,
    serialNumber: normaliseSerial(cert.serialNumber),
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
  });
}

/** The identity of a TLS peer, from Node's view of its certificate (no re-parsing of DER needed). */
export function identityFromPeerCertificate(
  peer: PeerCertificate | Record<string, never>,
): Result<ParticipantIdentity, 'no-certificate' | 'no-participant-identity'> {
  if (!('raw' in peer) || peer.raw === undefined)
    return err('no-certificate', 'Peer presented no certificate');
  // Parsing DER with @peculiar/x509 costs milliseconds, and a busy peer opens dozens of connections with the same
  // certificate; an identity is a pure function of the certificate's bytes, which Node's SHA-256 fingerprint names.
  // Revocation and validity are checked by the callers on every use, so remembering identities loosens nothing.
  const fingerprint = typeof peer.fingerprint256 === 'string' ? peer.fingerprint256 : '';
  const known = fingerprint === '' ? undefined : recentIdentities.get(fingerprint);
  if (known !== undefined) return known;
  const identity = identityFromCertificate(new x509.X509Certificate(peer.raw));
  if (fingerprint === '') return identity;
  if (recentIdentities.size >= RECENT_IDENTITIES) {
    const oldest = recentIdentities.keys().next();
    if (oldest.done !== true) recentIdentities.delete(oldest.value);
  }
  recentIdentities.set(fingerprint, identity);
  return identity;
}

const RECENT_IDENTITIES = 256;
const recentIdentities = new Map<
  string,
  Result<ParticipantIdentity, 'no-certificate' | 'no-participant-identity'>
>();

/** Serials compared as lower-case hex without leading zeros: DER may add a 00 byte to keep them positive. */
export function normaliseSerial(hex: string): string {
  return hex.toLowerCase().replace(/^0+(?=.)/, '');
}

function uriValue(uris: string[], prefix: string): string | undefined {
  return uris.find((u) => u.startsWith(prefix))?.slice(prefix.length);
}
