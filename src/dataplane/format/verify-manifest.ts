/**
 * Everything a receiver checks about a manifest before it fetches or decrypts a segment: its shape, that the segment
 * list agrees with the sizes it declares, that the Merkle root is the root of that list, the owner's signature and
 * the label binding. A manifest that passes names exactly one sequence of ciphertext segments.
 */
import { err, ok, type Result } from '../../shared/result.ts';
import type { VerificationKeyLookup } from '../keys/node-signing-key.ts';
import type { LabelBinder } from './label-binding.ts';
import { parseManifest, type Manifest, type ManifestBody } from './manifest.ts';
import { verifyManifestSignature, type ManifestSignatureRefusal } from './manifest-signature.ts';
import { merkleRoot } from './merkle.ts';
import { NONCE_PREFIX_LENGTH, TAG_LENGTH } from './segment-crypto.ts';

export type ManifestRefusal =
  | 'malformed-manifest'
  | 'manifest-inconsistent'
  | 'manifest-root-mismatch'
  | 'unexpected-object'
  | ManifestSignatureRefusal
  | 'label-binding-invalid';

/** Plaintext length of segment `index` as the declared sizes imply it. */
export function plaintextLengthOf(body: ManifestBody, index: number): number {
  const { segmentSize, plaintextSize } = body.encryption;
  const count = segmentCountOf(body);
  return index < count - 1 ? segmentSize : plaintextSize - segmentSize * (count - 1);
}

export const segmentCountOf = (body: ManifestBody): number =>
  Math.max(1, Math.ceil(body.encryption.plaintextSize / body.encryption.segmentSize));

function checkConsistency(
  body: ManifestBody,
): Result<void, 'manifest-inconsistent' | 'manifest-root-mismatch'> {
  const id = body.objectId;
  if (Buffer.from(body.encryption.noncePrefix, 'base64url').length !== NONCE_PREFIX_LENGTH) {
    return err('manifest-inconsistent', `Cannot accept manifest of "${id}": nonce prefix is not 7 bytes`);
  }
  const segments = body.integrity.segments;
  if (segments.length !== segmentCountOf(body)) {
    return err(
      'manifest-inconsistent',
      `Cannot accept manifest of "${id}": ${segments.length} segments listed, sizes imply ${segmentCountOf(body)}`,
    );
  }
  for (const [index, segment] of segments.entries()) {
    if (segment.size !== plaintextLengthOf(body, index) + TAG_LENGTH) {
      return err(
        'manifest-inconsistent',
        `Cannot accept manifest of "${id}": segment ${index} has the wrong size`,
      );
    }
  }
  if (merkleRoot(segments.map((segment) => segment.hash)) !== body.integrity.root) {
    return err(
      'manifest-root-mismatch',
      `Cannot accept manifest of "${id}": root is not the root of its segments`,
    );
  }
  return ok(undefined);
}

export async function verifyManifest(
  value: unknown,
  options: { lookup: VerificationKeyLookup; labelBinder: LabelBinder; expectedObjectId?: string },
): Promise<Result<Manifest, ManifestRefusal>> {
  const parsed = parseManifest(value);
  if (!parsed.ok) return parsed;
  const manifest = parsed.value;
  const body = manifest.body;
  if (options.expectedObjectId !== undefined && body.objectId !== options.expectedObjectId) {
    return err(
      'unexpected-object',
      `Cannot accept manifest of "${body.objectId}": expected "${options.expectedObjectId}"`,
    );
  }
  const consistent = checkConsistency(body);
  if (!consistent.ok) return consistent;
  const signed = await verifyManifestSignature(manifest, options.lookup);
  if (!signed.ok) return signed;
  const bound = await options.labelBinder.verify({
    label: body.label.value,
    binding: body.label.binding,
    objectId: body.objectId,
    dataDigest: body.integrity.root,
    binder: body.owner,
  });
  if (!bound.ok) return bound;
  return ok(manifest);
}
