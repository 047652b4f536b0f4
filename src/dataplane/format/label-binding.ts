/**
 * The seam to the labels module: binding a confidentiality label to an encrypted object (STANAG 4778 style) and
 * verifying that binding, with the labels module's `bindLabel` / `verifyLabelBinding`. The bound data is the
 * canonical statement naming the object, its Merkle root over the ciphertext segments and the binding participant,
 * so the binding fails for any other ciphertext, object id or binder.
 */
import {
  bindLabel,
  labelFromJsonValue,
  verifyLabelBinding,
  type ConfidentialityLabel,
  type LabelBinding,
} from '../../labels/index.ts';
import { FoederaError } from '../../shared/errors.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { NodeSigningKey, VerificationKeyLookup } from '../keys/node-signing-key.ts';
import { canonicalBytes } from './manifest-signature.ts';

export type { LabelBinding } from '../../labels/index.ts';

export type LabelBindingSubject = {
  readonly label: unknown;
  readonly objectId: string;
  /** Hex Merkle root over the object's ciphertext segments. */
  readonly dataDigest: string;
  /** Participant that bound the label (the object's owner). */
  readonly binder: string;
};

export type LabelBinder = {
  bind(subject: LabelBindingSubject): Promise<LabelBinding>;
  verify(subject: LabelBindingSubject & { binding: unknown }): Promise<Result<void, 'label-binding-invalid'>>;
};

/** The bytes the label is bound to: small whatever the object's size, and specific to this object and binder. */
function boundStatement(subject: LabelBindingSubject): Buffer {
  return canonicalBytes({
    typ: 'foedera-object-statement',
    object: subject.objectId,
    merkleRoot: subject.dataDigest,
    binder: subject.binder,
  });
}

function decodeLabel(subject: LabelBindingSubject): Result<ConfidentialityLabel, 'label-binding-invalid'> {
  const decoded = labelFromJsonValue(subject.label);
  if (decoded.ok) return decoded;
  return err(
    'label-binding-invalid',
    `Cannot verify label binding for object "${subject.objectId}": the label is not well formed (${decoded.detail})`,
  );
}

/** The kid of a detached compact JWS's protected header, or undefined when absent or unreadable. */
function kidOf(binding: unknown): string | undefined {
  const jws = (binding as { jws?: unknown } | null)?.jws;
  if (typeof jws !== 'string') return undefined;
  try {
    const header = JSON.parse(Buffer.from(jws.split('.')[0] ?? '', 'base64url').toString('utf8')) as {
      kid?: unknown;
    };
    return typeof header.kid === 'string' ? header.kid : undefined;
  } catch {
    return undefined;
  }
}

/** A binder over the labels module: binds with the node's signing key, verifies with the binder's published key. */
export function labelsModuleBinder(options: {
  signingKey?: NodeSigningKey;
  lookup: VerificationKeyLookup;
}): LabelBinder {
  return {
    async bind(subject) {
      const key = options.signingKey;
      if (key === undefined || key.participant !== subject.binder) {
        throw new FoederaError(
          'no-signing-key',
          `Cannot bind label of "${subject.objectId}": no signing key for ${subject.binder}`,
        );
      }
      const label = decodeLabel(subject);
      if (!label.ok) throw new FoederaError('invalid-label', label.detail);
      return bindLabel({
        data: boundStatement(subject),
        label: label.value,
        key: key.privateKey,
        kid: key.kid,
      });
    },
    async verify(subject) {
      const refuse = (why: string) =>
        err('label-binding-invalid', `Cannot verify label binding for object "${subject.objectId}": ${why}`);
      const label = decodeLabel(subject);
      if (!label.ok) return label;
      const kid = kidOf(subject.binding);
      if (kid === undefined) return refuse('binding names no key');
      const publicKey = await options.lookup({ participant: subject.binder, kid });
      if (publicKey === undefined) return refuse(`no key "${kid}" for ${subject.binder}`);
      const verified = await verifyLabelBinding({
        data: boundStatement(subject),
        binding: subject.binding,
        label: label.value,
        key: publicKey,
        subject: subject.objectId,
      });
      if (!verified.ok) return err('label-binding-invalid', verified.detail);
      return ok(undefined);
    },
  };
}
