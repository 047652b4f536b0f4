/** The federation's certificate revocation list: issued and signed by the CA, verified by every node. */
import * as x509 from './x509.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { CaMaterial } from './certificates.ts';
import { SIGNING_ALGORITHM } from './keys.ts';
import { normaliseSerial } from './participant-identity.ts';

export type RevokedEntry = { readonly serialNumber: string; readonly revokedAt: Date };

export type RevocationList = {
  readonly pem: string;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date | undefined;
  /** Normalised serial numbers (see `normaliseSerial`). */
  readonly revoked: ReadonlySet<string>;
};

export async function issueCrl(
  ca: CaMaterial,
  options: { entries: readonly RevokedEntry[]; now: Date; validityDays?: number },
): Promise<string> {
  const crl = await x509.X509CrlGenerator.create({
    issuer: ca.certificate.subject,
    thisUpdate: options.now,
    nextUpdate: new Date(options.now.getTime() + (options.validityDays ?? 30) * 86_400_000),
    entries: options.entries.map((e) => ({
      serialNumber: e.serialNumber,
      revocationDate: e.revokedAt,
      reason: x509.X509CrlReason.cessationOfOperation,
    })),
    extensions: [
      await x509.AuthorityKeyIdentifierExtension.create(ca.certificate),
      // CRL number (RFC 5280 5.2.3): the issue time in seconds, monotonic because `thisUpdate` only moves forward.
      new x509.Extension('2.5.29.20', false, derInteger(Math.floor(options.now.getTime() / 1000))),
    ],
    signingKey: ca.privateKey,
    signingAlgorithm: SIGNING_ALGORITHM,
  });
  return toPem(crl);
}

/** OpenSSL (and so Node's TLS) reads only the `X509 CRL` PEM label, not the library's default `CRL`. */
function toPem(crl: x509.X509Crl): string {
  return x509.PemConverter.encode(crl.rawData, 'X509 CRL');
}

function derInteger(value: number): ArrayBuffer {
  const bytes: number[] = [];
  for (let v = value; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  if (bytes.length === 0 || (bytes[0] ?? 0) >= 0x80) bytes.unshift(0);
  return new Uint8Array([0x02, bytes.length, ...bytes]).buffer;
}

export type CrlRefusal = 'crl-malformed' | 'crl-foreign-issuer' | 'crl-bad-signature';

/** Parses a CRL and checks that the federation CA signed it; nothing from an unverified list is ever used. */
export async function verifyCrl(
  pem: string,
  caCertificate: x509.X509Certificate,
): Promise<Result<RevocationList, CrlRefusal>> {
  let crl: x509.X509Crl;
  try {
    crl = new x509.X509Crl(pem);
  } catch (cause) {
    return err('crl-malformed', `Cannot parse revocation list: ${(cause as Error).message}`);
  }
  if (crl.issuer !== caCertificate.subject) {
    return err(
      'crl-foreign-issuer',
      `Revocation list issued by "${crl.issuer}", not by "${caCertificate.subject}"`,
    );
  }
  if (!(await crl.verify({ publicKey: caCertificate }))) {
    return err('crl-bad-signature', `Revocation list from "${crl.issuer}" has an invalid signature`);
  }
  return ok({
    pem: toPem(crl),
    thisUpdate: crl.thisUpdate,
    nextUpdate: crl.nextUpdate,
    revoked: new Set(crl.entries.map((e) => normaliseSerial(e.serialNumber))),
  });
}
