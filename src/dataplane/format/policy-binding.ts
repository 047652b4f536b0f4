/**
 * Policy binding, as OpenTDF has it: a MAC under (a key derived from) the data key over what governs access. Anyone
 * who holds the key, the owner's key service first, can tell whether label and object travel with the key they
 * were sealed with, even if a signing key were compromised.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { err, ok, type Result } from '../../shared/result.ts';
import { fromB64url, toB64url } from '../_internal/bytes.ts';
import type { ManifestBody } from './manifest.ts';
import { canonicalBytes } from './manifest-signature.ts';
import { policyBindingKey } from './segment-crypto.ts';

export type PolicySubject = Pick<ManifestBody, 'objectId' | 'owner' | 'label'> & { root: string };

export function computePolicyBinding(dataKey: Uint8Array, subject: PolicySubject): string {
  const mac = createHmac('sha256', policyBindingKey(dataKey, subject.objectId));
  mac.update(
    canonicalBytes({
      objectId: subject.objectId,
      owner: subject.owner,
      root: subject.root,
      label: subject.label,
    }),
  );
  return toB64url(mac.digest());
}

export function verifyPolicyBinding(
  dataKey: Uint8Array,
  body: ManifestBody,
): Result<void, 'policy-binding-invalid'> {
  const expected = Buffer.from(
    computePolicyBinding(dataKey, { ...body, root: body.integrity.root }),
    'base64url',
  );
  for (const access of body.keyAccess) {
    let given: Buffer;
    try {
      given = fromB64url(access.policyBinding.hash, 'policy binding');
    } catch {
      return err(
        'policy-binding-invalid',
        `Cannot verify policy binding of "${body.objectId}": not base64url`,
      );
    }
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return err(
        'policy-binding-invalid',
        `Cannot verify policy binding of "${body.objectId}": label or root differ from what the key was sealed with`,
      );
    }
  }
  return ok(undefined);
}
