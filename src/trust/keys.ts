/** ECDSA P-384 keys through Node's WebCrypto, stored as PKCS#8 PEM (what both Node's TLS and @peculiar/x509 read). */
import { webcrypto } from 'node:crypto';
import * as x509 from './x509.ts';

export type CryptoKey = webcrypto.CryptoKey;
export type CryptoKeyPair = webcrypto.CryptoKeyPair;

export const EC_KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-384' } as const;
export const SIGNING_ALGORITHM = { name: 'ECDSA', hash: 'SHA-384' } as const;

export function generateKeyPair(): Promise<CryptoKeyPair> {
  return webcrypto.subtle.generateKey(EC_KEY_ALGORITHM, true, ['sign', 'verify']);
}

export async function privateKeyToPem(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

export async function privateKeyFromPem(pem: string): Promise<CryptoKey> {
  const der = x509.PemConverter.decodeFirst(pem);
  return webcrypto.subtle.importKey('pkcs8', der, EC_KEY_ALGORITHM, false, ['sign']);
}
