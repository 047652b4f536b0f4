/**
 * A throw-away federation for benchmarks: a root CA, an empty revocation list and one participant certificate per
 * node (key, certificate, CA and CRL in PEM, as Node's TLS options take them), made the way the node's own PKI is.
 */
import {
  createRootCertificate,
  defaultValidity,
  issueParticipantCertificate,
} from '../../src/trust/certificates.ts';
import { countryOfAlpha3 } from '../../src/trust/countries.ts';
import { issueCrl } from '../../src/trust/crl.ts';
import { generateKeyPair, privateKeyToPem } from '../../src/trust/keys.ts';

export type BenchMaterial = { key: string; cert: string; ca: string; crl: string; serial: string };

export async function benchPki<Id extends string>(
  participants: readonly Id[],
  now = new Date(Date.now() - 60_000),
): Promise<Record<Id, BenchMaterial>> {
  const keys = await generateKeyPair();
  const ca = {
    certificate: await createRootCertificate({ federation: 'Bench', keys, now }),
    privateKey: keys.privateKey,
  };
  const crl = await issueCrl(ca, { entries: [], now });
  const out: Partial<Record<Id, BenchMaterial>> = {};
  for (const id of participants) {
    const country = countryOfAlpha3(id);
    if (country === undefined)
      throw new Error(`Cannot make a bench certificate for "${id}": not a known country`);
    const pair = await generateKeyPair();
    const cert = await issueParticipantCertificate(ca, {
      participantId: id,
      country,
      federation: 'Bench',
      publicKey: pair.publicKey,
      hosts: ['127.0.0.1'],
      ...defaultValidity(now),
    });
    out[id] = {
      key: await privateKeyToPem(pair.privateKey),
      cert: cert.toString('pem'),
      ca: ca.certificate.toString('pem'),
      crl,
      serial: cert.serialNumber,
    };
  }
  return out as Record<Id, BenchMaterial>;
}
