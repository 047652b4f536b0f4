/**
 * The seam to the labels module: binding a confidentiality label to an encrypted object (STANAG 4778 style) and
 * verifying that binding. The data plane binds the label to the object's Merkle root, so the binding fails for any
 * other ciphertext. `jwsLabelBinder` is the data plane's own binder, used until a node wires the labels module's one.
 */
import { CompactSign, compactVerify, decodeProtectedHeader } from 'jose';
import { err, ok, type Result } from '../../shared/result.ts';
import { sha256Hex } from '../_internal/bytes.ts';
import type { NodeSigningKey, VerificationKeyLookup } from '../keys/node-signing-key.ts';
import { canonicalBytes } from './manifest-signature.ts';

export type LabelBindingSubject = {
  readonly label: unknown;
  readonly objectId: string;
  /** Hex Merkle root over the object's ciphertext segments. */
  readonly dataDigest: string;
  /** Participant that bound the label (the object's owner). */
  readonly binder: string;
};

export type LabelBinder = {
  bind(subject: LabelBindingSubject): Promise<string>;
  verify(subject: LabelBindingSubject & { binding: string }): Promise<Result<void, 'label-binding-invalid'>>;
};

const TYP = 'foedera-label-binding+jws';

/** The statement signed: digests only, so the binding stays small whatever the label's size. */
function statement(subject: LabelBindingSubject): Buffer {
  return canonicalBytes({
    typ: TYP,
    object: subject.objectId,
    dataDigest: subject.dataDigest,
    labelDigest: sha256Hex(canonicalBytes(subject.label)),
    binder: subject.binder,
  });
}

export function jwsLabelBinder(options: {
  signingKey?: NodeSigningKey;
  lookup: VerificationKeyLookup;
}): LabelBinder {
  return {
    async bind(subject) {
      const key = options.signingKey;
      if (key === undefined || key.participant !== subject.binder) {
        throw new TypeError(
          `Cannot bind label of "${subject.objectId}": no signing key for ${subject.binder}`,
        );
      }
      return new CompactSign(statement(subject))
        .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: TYP })
        .sign(key.privateKey);
    },
    async verify(subject) {
      const refuse = (why: string) =>
        err('label-binding-invalid', `Cannot verify label binding for object "${subject.objectId}": ${why}`);
      let kid: unknown;
      try {
        kid = decodeProtectedHeader(subject.binding).kid;
      } catch {
        return refuse('binding is not a JWS');
      }
      if (typeof kid !== 'string') return refuse('binding names no key');
      const publicKey = await options.lookup({ participant: subject.binder, kid });
      if (publicKey === undefined) return refuse(`no key "${kid}" for ${subject.binder}`);
      try {
        const { payload } = await compactVerify(subject.binding, publicKey, {
          algorithms: ['ES384', 'EdDSA'],
        });
        if (!Buffer.from(payload).equals(statement(subject))) return refuse('digest mismatch');
        return ok(undefined);
      } catch {
        return refuse('signature does not match');
      }
    },
  };
}
