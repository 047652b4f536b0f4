/**
 * The manifest of an encrypted object: what a receiver needs to check every byte before it decrypts any.
 * Its schema validates manifests that arrive from other nodes; `body` is what the owner signs (JCS, RFC 8785).
 */
import Type, { type Static } from 'typebox';
import Compile from 'typebox/compile';
import { err, ok, type Result } from '../../shared/result.ts';

export const MANIFEST_TYPE = 'foedera-encrypted-object';

const Hex256 = Type.String({ pattern: '^[0-9a-f]{64}$' });
const B64url = Type.String({ pattern: '^[A-Za-z0-9_-]*$' });

export const SegmentEntrySchema = Type.Object(
  {
    /** SHA-256 of the segment's ciphertext followed by its 16-byte tag, hex. */
    hash: Hex256,
    /** Ciphertext plus tag length in bytes. */
    size: Type.Integer({ minimum: 16 }),
  },
  { additionalProperties: false },
);

export const KeyAccessSchema = Type.Object(
  {
    type: Type.Literal('remote'),
    /** Where the owner's key service answers key requests for this object. */
    url: Type.String({ minLength: 1, maxLength: 2048 }),
    /** Participant that holds the data key (the owner). */
    keyHolder: Type.String({ minLength: 1, maxLength: 512 }),
    /** HMAC-SHA-256, under a key derived from the data key, over the label, its binding and the Merkle root. */
    policyBinding: Type.Object({ alg: Type.Literal('HS256'), hash: B64url }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);

export const ManifestBodySchema = Type.Object(
  {
    type: Type.Literal(MANIFEST_TYPE),
    version: Type.Literal(1),
    objectId: Type.String({ minLength: 1, maxLength: 256 }),
    owner: Type.String({ minLength: 1, maxLength: 512 }),
    createdAt: Type.String({ minLength: 1, maxLength: 64 }),
    encryption: Type.Object(
      {
        algorithm: Type.Literal('AES-256-GCM-STREAM'),
        keyDerivation: Type.Literal('HKDF-SHA-256'),
        noncePrefix: B64url,
        segmentSize: Type.Integer({ minimum: 1_048_576, maximum: 4_194_304 }),
        plaintextSize: Type.Integer({ minimum: 0 }),
      },
      { additionalProperties: false },
    ),
    integrity: Type.Object(
      {
        algorithm: Type.Literal('RFC9162-SHA-256'),
        root: Hex256,
        segments: Type.Array(SegmentEntrySchema, { minItems: 1 }),
      },
      { additionalProperties: false },
    ),
    label: Type.Object(
      {
        /** The confidentiality label as the labels module encodes it (JSON). */
        value: Type.Unknown(),
        /** The labels module's binding (STANAG 4778 style) tying the label to this object's Merkle root. */
        binding: Type.Object(
          {
            version: Type.Literal(1),
            dataDigest: Type.String({ pattern: '^[A-Za-z0-9_-]{64}$' }),
            labelDigest: Type.String({ pattern: '^[A-Za-z0-9_-]{64}$' }),
            jws: Type.String({ minLength: 1, maxLength: 4096 }),
          },
          { additionalProperties: false },
        ),
      },
      { additionalProperties: false },
    ),
    keyAccess: Type.Array(KeyAccessSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);

export const ManifestSchema = Type.Object(
  {
    body: ManifestBodySchema,
    /** Flattened JWS with detached payload: the payload is the JCS form of `body`. */
    signature: Type.Object({ protected: B64url, signature: B64url }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);

export type SegmentEntry = Static<typeof SegmentEntrySchema>;
export type KeyAccess = Static<typeof KeyAccessSchema>;
export type ManifestBody = Static<typeof ManifestBodySchema>;
export type Manifest = Static<typeof ManifestSchema>;

const validator = Compile(ManifestSchema);

/** Checks the shape only; `verifyManifest` checks what the shape claims. */
export function parseManifest(value: unknown): Result<Manifest, 'malformed-manifest'> {
  if (validator.Check(value)) return ok(value);
  const first = validator.Errors(value)[0];
  const where = first?.instancePath ?? '';
  return err('malformed-manifest', `Cannot read manifest: ${where || '/'} ${first?.message ?? 'is invalid'}`);
}
