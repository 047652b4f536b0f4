/**
 * The label binding, in the manner of STANAG 4778 (Metadata Binding Mechanism): a signature by the originating node
 * over the digest of the data and the digest of the label, so that a change to a byte of either is detected.
 *
 * Format (Foedera label binding, version 1):
 * - `dataDigest`: SHA-384 of the data bytes, base64url without padding;
 * - `labelDigest`: SHA-384 of the label's canonical JSON (RFC 8785, `canonicalLabelJson`), base64url;
 * - `jws`: a JWS in compact serialisation with a detached payload (RFC 7515 Appendix F, written `header..signature`).
 *   The payload is the RFC 8785 canonical JSON `{"alg":"SHA-384","data":<dataDigest>,"label":<labelDigest>}`; the
 *   protected header carries `alg` (ES384 for the federation's P-384 keys, or Ed25519), `typ`
 *   "foedera-label-binding+jws" and, when given, the signer's `kid`.
 * The digests travel beside the JWS so that a verifier can tell which of data and label changed: the signature is
 * checked over the digests the binding states, then each digest against what was received.
 */
import canonicalize from 'canonicalize';

export const BINDING_TYPE = 'foedera-label-binding+jws';

export type LabelBinding = {
  readonly version: 1;
  readonly dataDigest: string;
  readonly labelDigest: string;
  readonly jws: string;
};

export type BindingAlgorithm = 'ES384' | 'Ed25519';

export function bindingPayload(dataDigest: string, labelDigest: string): Uint8Array {
  return new TextEncoder().encode(
    canonicalize({ alg: 'SHA-384', data: dataDigest, label: labelDigest }) ?? '',
  );
}
