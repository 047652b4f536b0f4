/** The federation's certificates: a self-signed root CA and the participant certificates it issues. */
import { randomBytes } from 'node:crypto';
import * as x509 from './x509.ts';
import type { Country } from './countries.ts';
import { COUNTRY_URN, participantUri } from './participant-identity.ts';
import { SIGNING_ALGORITHM, type CryptoKey, type CryptoKeyPair } from './keys.ts';

const DAY_MS = 86_400_000;

export type CaMaterial = { readonly certificate: x509.X509Certificate; readonly privateKey: CryptoKey };

export async function createRootCertificate(options: {
  federation: string;
  keys: CryptoKeyPair;
  now: Date;
  validityDays?: number;
}): Promise<x509.X509Certificate> {
  return x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: [{ CN: [`${options.federation} federation root CA`] }, { O: [options.federation] }],
    notBefore: options.now,
    notAfter: new Date(options.now.getTime() + (options.validityDays ?? 3650) * DAY_MS),
    keys: options.keys,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(options.keys.publicKey),
    ],
  });
}

export type ParticipantCertificateRequest = {
  participantId: string;
  country: Country;
  federation: string;
  publicKey: CryptoKey;
  /** DNS names and IP addresses the node answers on; peers check the participant URI, not these. */
  hosts: readonly string[];
  notBefore: Date;
  notAfter: Date;
};

export async function issueParticipantCertificate(
  ca: CaMaterial,
  request: ParticipantCertificateRequest,
): Promise<x509.X509Certificate> {
  const names: x509.JsonGeneralName[] = [
    { type: 'url', value: participantUri(request.participantId) },
    { type: 'url', value: `${COUNTRY_URN}${request.country.alpha3}` },
    ...request.hosts.map((h): x509.JsonGeneralName => ({ type: isIp(h) ? 'ip' : 'dns', value: h })),
  ];
  return x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: [{ CN: [request.participantId] }, { O: [request.federation] }, { C: [request.country.alpha2] }],
    issuer: ca.certificate.subject,
    notBefore: request.notBefore,
    notAfter: request.notAfter,
    publicKey: request.publicKey,
    signingKey: ca.privateKey,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([
        x509.ExtendedKeyUsage.serverAuth,
        x509.ExtendedKeyUsage.clientAuth,
      ]),
      new x509.SubjectAlternativeNameExtension(names, false),
      await x509.SubjectKeyIdentifierExtension.create(request.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(ca.certificate),
    ],
  });
}

export function defaultValidity(now: Date, days = 365): { notBefore: Date; notAfter: Date } {
  // Back-dated a little so that peers with a slightly slow clock accept a fresh certificate.
  return {
    notBefore: new Date(now.getTime() - 5 * 60_000),
    notAfter: new Date(now.getTime() + days * DAY_MS),
  };
}

/** 16 random bytes with the top bit clear, so that the DER INTEGER stays positive and exactly as written. */
function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01;
  return bytes.toString('hex');
}

function isIp(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':');
}
