/**
 * A node's signature over an agreement: a compact JWS (EdDSA/Ed25519, ES256 or ES384, as the node key is) whose payload is
 * the RFC 8785 canonical form of the agreement, so that either party can later prove what both agreed to.
 */
import canonicalize from 'canonicalize';
import { compactVerify, CompactSign, type CryptoKey, type KeyObject } from 'jose';
import { err, ok, type Result } from '../shared/result.ts';
import type { Agreement } from './messages/odrl.ts';

type Key = CryptoKey | KeyObject;

const payloadOf = (agreement: Agreement): Uint8Array => {
  const canonical = canonicalize(agreement);
  if (canonical === undefined)
    throw new Error(`Cannot sign agreement "${agreement['@id']}": it has no JSON form`);
  return new TextEncoder().encode(canonical);
};

export async function signAgreement(options: {
  agreement: Agreement;
  key: Key;
  alg: 'EdDSA' | 'ES256' | 'ES384';
  kid: string;
}): Promise<string> {
  return new CompactSign(payloadOf(options.agreement))
    .setProtectedHeader({ alg: options.alg, kid: options.kid, typ: 'foedera-agreement+jws' })
    .sign(options.key);
}

/** Checks that `jws` was made by `key` over exactly `agreement`. */
export async function verifyAgreementSignature(options: {
  agreement: Agreement;
  jws: string;
  key: Key;
}): Promise<Result<{ kid: string | undefined }, 'invalid-agreement-signature'>> {
  try {
    const { payload, protectedHeader } = await compactVerify(options.jws, options.key);
    if (Buffer.compare(Buffer.from(payload), Buffer.from(payloadOf(options.agreement))) !== 0) {
      return err(
        'invalid-agreement-signature',
        `Cannot verify agreement "${options.agreement['@id']}": the signed content differs`,
      );
    }
    return ok({ kid: protectedHeader.kid });
  } catch (error) {
    return err(
      'invalid-agreement-signature',
      `Cannot verify agreement "${options.agreement['@id']}": ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
