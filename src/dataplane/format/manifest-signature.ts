/**
 * The owner node signs the JCS form of the manifest body (which holds the Merkle root over the segments, the label,
 * its binding and the key access objects) as a flattened JWS with a detached payload. OpenTDF signs its root with an
 * HMAC under the payload key, which every key holder could forge; here only the owner's private key can.
 */
import canonicalize from 'canonicalize';
import { FlattenedSign, decodeProtectedHeader, flattenedVerify } from 'jose';
import { err, ok, type Result } from '../../shared/result.ts';
import { toB64url } from '../_internal/bytes.ts';
import type { NodeSigningKey, VerificationKeyLookup } from '../keys/node-signing-key.ts';
import type { Manifest, ManifestBody } from './manifest.ts';

const TYP = 'foedera-manifest+jws';

export function canonicalBytes(value: unknown): Buffer {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('Cannot canonicalize value: not representable in JSON');
  return Buffer.from(text, 'utf8');
}

export async function signManifest(body: ManifestBody, key: NodeSigningKey): Promise<Manifest> {
  if (body.owner !== key.participant) {
    throw new TypeError(`Cannot sign manifest of "${body.objectId}": owner is not ${key.participant}`);
  }
  const jws = await new FlattenedSign(canonicalBytes(body))
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: TYP })
    .sign(key.privateKey);
  return { body, signature: { protected: jws.protected ?? '', signature: jws.signature } };
}

export type ManifestSignatureRefusal = 'unknown-signer' | 'manifest-signature-invalid';

export async function verifyManifestSignature(
  manifest: Manifest,
  lookup: VerificationKeyLookup,
): Promise<Result<void, ManifestSignatureRefusal>> {
  const id = manifest.body.objectId;
  let header;
  try {
    header = decodeProtectedHeader({ protected: manifest.signature.protected, signature: '', payload: '' });
  } catch {
    return err(
      'manifest-signature-invalid',
      `Cannot verify manifest of "${id}": protected header is unreadable`,
    );
  }
  if (
    header.typ !== TYP ||
    typeof header.kid !== 'string' ||
    (header.alg !== 'ES384' && header.alg !== 'EdDSA')
  ) {
    return err(
      'manifest-signature-invalid',
      `Cannot verify manifest of "${id}": unexpected protected header`,
    );
  }
  const publicKey = await lookup({ participant: manifest.body.owner, kid: header.kid });
  if (publicKey === undefined) {
    return err(
      'unknown-signer',
      `Cannot verify manifest of "${id}": no key "${header.kid}" for ${manifest.body.owner}`,
    );
  }
  try {
    await flattenedVerify(
      { ...manifest.signature, payload: toB64url(canonicalBytes(manifest.body)) },
      publicKey,
      { algorithms: [header.alg] },
    );
    return ok(undefined);
  } catch {
    return err('manifest-signature-invalid', `Cannot verify manifest of "${id}": signature does not match`);
  }
}
