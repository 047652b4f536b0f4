import { compactVerify } from 'jose';
import { err, ok, type Result } from '../../shared/result.ts';
import { canonicalLabelJson } from '../codec/json.ts';
import type { ConfidentialityLabel } from '../label.ts';
import { dataDigestOf, type BoundData, type SigningKey } from './bind-label.ts';
import { BINDING_TYPE, bindingPayload } from './binding-format.ts';
import { sha384, toBase64Url } from './digest.ts';

export type BindingReason = 'data-digest-mismatch' | 'label-mismatch' | 'bad-signature';

const DIGEST = /^[A-Za-z0-9_-]{64}$/;
const DETACHED = /^[A-Za-z0-9_-]+\.\.[A-Za-z0-9_-]+$/;

/**
 * Verifies a label binding against the data and label received and the originating node's public key. The reason
 * says what failed: the signature (or the binding itself is malformed), the data, or the label. `subject` names the
 * bound object in messages (a dataset id, a transfer id).
 */
export async function verifyLabelBinding(
  options: BoundData & {
    readonly binding: unknown;
    readonly label: ConfidentialityLabel;
    readonly key: SigningKey;
    readonly subject?: string;
  },
): Promise<Result<{ readonly kid?: string; readonly algorithm: string }, BindingReason>> {
  const what = options.subject === undefined ? 'label binding' : `label binding for "${options.subject}"`;
  const binding = options.binding as Record<string, unknown> | null;
  if (
    typeof binding !== 'object' ||
    binding === null ||
    binding.version !== 1 ||
    typeof binding.dataDigest !== 'string' ||
    typeof binding.labelDigest !== 'string' ||
    typeof binding.jws !== 'string' ||
    !DIGEST.test(binding.dataDigest) ||
    !DIGEST.test(binding.labelDigest) ||
    !DETACHED.test(binding.jws)
  ) {
    return err('bad-signature', `Cannot verify ${what}: the binding is malformed`);
  }
  const payload = Buffer.from(bindingPayload(binding.dataDigest, binding.labelDigest)).toString('base64url');
  const [header, signature] = binding.jws.split('..') as [string, string];
  let verified: Awaited<ReturnType<typeof compactVerify>>;
  try {
    verified = await compactVerify(`${header}.${payload}.${signature}`, options.key, {
      algorithms: ['ES384', 'Ed25519', 'EdDSA'],
    });
  } catch (error) {
    return err('bad-signature', `Cannot verify ${what}: ${(error as Error).message}`);
  }
  if (verified.protectedHeader.typ !== BINDING_TYPE) {
    return err('bad-signature', `Cannot verify ${what}: the signature is not a label binding`);
  }
  const dataDigest = toBase64Url(await dataDigestOf(options));
  if (dataDigest !== binding.dataDigest)
    return err('data-digest-mismatch', `Cannot verify ${what}: digest mismatch`);
  if (toBase64Url(sha384(canonicalLabelJson(options.label))) !== binding.labelDigest) {
    return err('label-mismatch', `Cannot verify ${what}: the label differs from the one signed`);
  }
  return ok({
    algorithm: verified.protectedHeader.alg,
    ...(verified.protectedHeader.kid === undefined ? {} : { kid: verified.protectedHeader.kid }),
  });
}
