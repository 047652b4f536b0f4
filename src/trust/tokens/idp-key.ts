/** The local identity provider's ES384 signing key, kept as PKCS#8 PEM (mode 0600) in the node's home. */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { calculateJwkThumbprint, exportJWK, type JWK } from 'jose';
import { FoederaError } from '../../shared/errors.ts';

export const TOKEN_ALGORITHM = 'ES384';

export type IdpKey = { readonly privateKey: KeyObject; readonly publicJwk: JWK; readonly kid: string };

export async function loadIdpKey(file: string): Promise<IdpKey> {
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (cause) {
    throw new FoederaError(
      'key-unreadable',
      `Cannot read identity provider key "${file}": ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
  try {
    return await idpKeyFromPem(pem);
  } catch (cause) {
    throw new FoederaError(
      'key-unreadable',
      `Cannot parse identity provider key "${file}": ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
}

export async function idpKeyFromPem(pem: string): Promise<IdpKey> {
  const privateKey = createPrivateKey(pem);
  const jwk = await exportJWK(createPublicKey(privateKey));
  const kid = await calculateJwkThumbprint(jwk);
  return { privateKey, kid, publicJwk: { ...jwk, kid, alg: TOKEN_ALGORITHM, use: 'sig' } };
}
