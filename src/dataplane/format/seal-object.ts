/**
 * Seals a plaintext stream as an encrypted object: a fresh data key, encrypted segments into the sink, the label
 * bound to the Merkle root, the policy binding under the data key, and the manifest signed by the owner node.
 * The caller keeps the returned data key only long enough to hand it to its key vault.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { toB64url } from '../_internal/bytes.ts';
import type { NodeSigningKey } from '../keys/node-signing-key.ts';
import { encryptSegments, type HashingSegmentSink, type SegmentSink } from './encrypt-segments.ts';
import type { LabelBinder } from './label-binding.ts';
import { MANIFEST_TYPE, type Manifest, type ManifestBody } from './manifest.ts';
import { signManifest } from './manifest-signature.ts';
import { merkleRoot } from './merkle.ts';
import { computePolicyBinding } from './policy-binding.ts';
import {
  checkSegmentSize,
  DATA_KEY_LENGTH,
  NONCE_PREFIX_LENGTH,
  SEGMENT_SIZE_DEFAULT,
  segmentKeys,
} from './segment-crypto.ts';

export type SealOptions = {
  readonly source: AsyncIterable<Uint8Array>;
  readonly sink: SegmentSink | HashingSegmentSink;
  readonly label: unknown;
  readonly labelBinder: LabelBinder;
  readonly signingKey: NodeSigningKey;
  /** The owner's key service endpoint written in the key access object. */
  readonly keyServiceUrl: string;
  readonly now: Date;
  readonly objectId?: string;
  readonly segmentSize?: number;
};

export type SealedObject = { readonly manifest: Manifest; readonly dataKey: Buffer };

export async function sealObject(options: SealOptions): Promise<SealedObject> {
  const segmentSize = options.segmentSize ?? SEGMENT_SIZE_DEFAULT;
  checkSegmentSize(segmentSize);
  const objectId = options.objectId ?? `urn:uuid:${randomUUID()}`;
  const owner = options.signingKey.participant;
  const dataKey = randomBytes(DATA_KEY_LENGTH);
  const noncePrefix = randomBytes(NONCE_PREFIX_LENGTH);
  const keys = segmentKeys({ dataKey, objectId, noncePrefix });
  const encrypted = await encryptSegments({ source: options.source, keys, segmentSize, sink: options.sink });
  const root = merkleRoot(encrypted.segments.map((segment) => segment.hash));
  const binding = await options.labelBinder.bind({
    label: options.label,
    objectId,
    dataDigest: root,
    binder: owner,
  });
  const label = { value: options.label, binding };
  const body: ManifestBody = {
    type: MANIFEST_TYPE,
    version: 1,
    objectId,
    owner,
    createdAt: options.now.toISOString(),
    encryption: {
      algorithm: 'AES-256-GCM-STREAM',
      keyDerivation: 'HKDF-SHA-256',
      noncePrefix: toB64url(noncePrefix),
      segmentSize,
      plaintextSize: encrypted.plaintextSize,
    },
    integrity: { algorithm: 'RFC9162-SHA-256', root, segments: [...encrypted.segments] },
    label,
    keyAccess: [
      {
        type: 'remote',
        url: options.keyServiceUrl,
        keyHolder: owner,
        policyBinding: {
          alg: 'HS256',
          hash: computePolicyBinding(dataKey, { objectId, owner, label, root }),
        },
      },
    ],
  };
  return { manifest: await signManifest(body, options.signingKey), dataKey };
}
