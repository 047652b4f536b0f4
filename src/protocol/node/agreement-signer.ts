/**
 * The node's agreement signatures: its federation key (ECDSA P-384, ES384) signs its side of each agreement, and a
 * counterparty's signature is verified with the key of the certificate that counterparty presented over mutual TLS
 * when it sent the signature, a certificate that must name that participant and be issued by the federation CA.
 * The key material is read from the home on first use.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { NodeContext } from '../../node/context.ts';
import { readTlsFiles } from '../../node/read-material.ts';
import { identityFromCertificate } from '../../trust/participant-identity.ts';
import * as x509 from '../../trust/x509.ts';
import { signAgreement, verifyAgreementSignature } from '../agreement-signature.ts';
import type { AgreementSigner } from '../service/deciders.ts';

/** The node's federation key, the kid naming it (its certificate's serial number) and the federation CA. */
export type SignerMaterial = { key: KeyObject; kid: string; ca: x509.X509Certificate };

export function nodeAgreementSigner(context: NodeContext): AgreementSigner {
  let material: Promise<SignerMaterial> | undefined;
  return agreementSigner(() => {
    material ??= readTlsFiles(context.home, context.config).then((files) => ({
      key: createPrivateKey(files.key),
      kid: context.identity.serialNumber,
      ca: new x509.X509Certificate(files.ca),
    }));
    return material;
  });
}

/** What a signing certificate was found to be: whose it is, whether the federation CA issued it, and its key. */
type Checked = { participant: string | undefined; federation: boolean; key: KeyObject };

/** Certificates already checked, by PEM: a peer signs every agreement with the same one, and parsing it is dear. */
const CHECKED_LIMIT = 256;

/** The signer over key material loaded by `load` (called at each use; cache in it). */
export function agreementSigner(load: () => Promise<SignerMaterial>): AgreementSigner {
  const checked = new Map<string, Checked>();
  const check = async (certificate: string): Promise<Checked> => {
    const known = checked.get(certificate);
    if (known !== undefined) return known;
    const identity = identityFromCertificate(certificate);
    const { ca } = await load();
    const result: Checked = {
      participant: identity.ok ? identity.value.participantId : undefined,
      federation: await new x509.X509Certificate(certificate).verify({ publicKey: ca, signatureOnly: true }),
      key: createPublicKey(certificate),
    };
    if (checked.size >= CHECKED_LIMIT) checked.clear();
    checked.set(certificate, result);
    return result;
  };
  return {
    sign: async (agreement) => {
      const { key, kid } = await load();
      return signAgreement({ agreement, key, alg: 'ES384', kid });
    },
    verify: async ({ agreement, signature, certificate, participant }) => {
      const what = `agreement "${agreement['@id']}" of "${participant}"`;
      if (signature === null) return { ok: false, detail: `Cannot verify ${what}: it carries no signature` };
      if (certificate === null) {
        return { ok: false, detail: `Cannot verify ${what}: no certificate was kept with its signature` };
      }
      const signing = await check(certificate);
      if (signing.participant !== participant) {
        return {
          ok: false,
          detail: `Cannot verify ${what}: the signing certificate is not that participant's`,
        };
      }
      if (!signing.federation) {
        return {
          ok: false,
          detail: `Cannot verify ${what}: the signing certificate is not the federation's`,
        };
      }
      const verified = await verifyAgreementSignature({ agreement, jws: signature, key: signing.key });
      return verified.ok ? { ok: true } : { ok: false, detail: verified.detail };
    },
  };
}
