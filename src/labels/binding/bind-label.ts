import { KeyObject, type webcrypto } from 'node:crypto';
import { CompactSign } from 'jose';
import { FoederaError } from '../../shared/errors.ts';
import { canonicalLabelJson } from '../codec/json.ts';
import type { ConfidentialityLabel } from '../label.ts';
import { BINDING_TYPE, bindingPayload, type BindingAlgorithm, type LabelBinding } from './binding-format.ts';
import { SHA384_BYTES, sha384, sha384OfStream, toBase64Url } from './digest.ts';

/** The data to bind: its bytes, a stream of them, or its SHA-384 digest computed elsewhere. */
export type BoundData =
  | { readonly data: Uint8Array }
  | { readonly stream: AsyncIterable<Uint8Array> }
  | { readonly dataDigest: Uint8Array };

export type SigningKey = KeyObject | webcrypto.CryptoKey;

/** ES384 for EC P-384 keys (the federation CA's curve), Ed25519 for Ed25519 keys; no other key is accepted. */
export function bindingAlgorithmOf(key: SigningKey): BindingAlgorithm {
  if (key instanceof KeyObject) {
    if (key.asymmetricKeyType === 'ed25519') return 'Ed25519';
    if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'secp384r1')
      return 'ES384';
  } else {
    const algorithm = key.algorithm as { name: string; namedCurve?: string };
    if (algorithm.name === 'Ed25519') return 'Ed25519';
    if (algorithm.name === 'ECDSA' && algorithm.namedCurve === 'P-384') return 'ES384';
  }
  throw new FoederaError('unsupported-key', 'Cannot bind label: the key is neither EC P-384 nor Ed25519');
}

export async function dataDigestOf(data: BoundData): Promise<Uint8Array> {
  if ('data' in data) return sha384(data.data);
  if ('stream' in data) return sha384OfStream(data.stream);
  if (data.dataDigest.length !== SHA384_BYTES) {
    throw new FoederaError(
      'invalid-digest',
      `Cannot bind label: a SHA-384 digest has 48 bytes, not ${data.dataDigest.length}`,
    );
  }
  return data.dataDigest;
}

export async function bindLabel(
  options: BoundData & {
    readonly label: ConfidentialityLabel;
    readonly key: SigningKey;
    readonly kid?: string;
  },
): Promise<LabelBinding> {
  const alg = bindingAlgorithmOf(options.key);
  const dataDigest = toBase64Url(await dataDigestOf(options));
  const labelDigest = toBase64Url(sha384(canonicalLabelJson(options.label)));
  const compact = await new CompactSign(bindingPayload(dataDigest, labelDigest))
    .setProtectedHeader({
      alg,
      typ: BINDING_TYPE,
      ...(options.kid === undefined ? {} : { kid: options.kid }),
    })
    .sign(options.key);
  const [header, , signature] = compact.split('.');
  return { version: 1, dataDigest, labelDigest, jws: `${header}..${signature}` };
}
