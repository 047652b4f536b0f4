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

type Material = { key: KeyObject; kid: string; ca: x509.X509Certificate };

export function nodeAgreementSigner(context: NodeContext): AgreementSigner {
  let material: Promise<Material> | undefined;
  const load = (): Promise<Material> => {
    material ??= readTlsFiles(context.home, context.config).then((files) => ({
      key: createPrivateKey(files.key),
      kid: context.identity.serialNumber,
      ca: new x509.X509Certificate(files.ca),
    }));
    return material;
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
      const identity = identityFromCertificate(certificate);
      if (!identity.ok || identity.value.participantId !== participant) {
        return {
          ok: false,
          detail: `Cannot verify ${what}: the signing certificate is not that participant's`,
        };
      }
      const { ca } = await load();
      if (!(await new x509.X509Certificate(certificate).verify({ publicKey: ca, signatureOnly: true }))) {
        return {
          ok: false,
          detail: `Cannot verify ${what}: the signing certificate is not the federation's`,
        };
      }
      const verified = await verifyAgreementSignature({
        agreement,
        jws: signature,
        key: createPublicKey(certificate),
      });
      return verified.ok ? { ok: true } : { ok: false, detail: verified.detail };
    },
  };
}
