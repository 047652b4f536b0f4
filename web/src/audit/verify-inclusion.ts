/**
 * RFC 9162 inclusion proofs checked in the browser with WebCrypto: leaf `SHA-256(0x00 ‖ entry)`, node
 * `SHA-256(0x01 ‖ left ‖ right)`, and the §2.1.3.2 verification loop. The node's own verifier
 * (src/audit/merkle/verify-inclusion.ts) hashes synchronously with node:crypto, which a browser lacks, so this is
 * the same algorithm over `crypto.subtle`; test/browser/verify-inclusion.test.ts checks the two agree on the CT
 * test vectors and on proofs from the node's Merkle tree, valid and tampered.
 */
import canonicalize from 'canonicalize';

export type Bytes = Uint8Array<ArrayBuffer>;

async function sha256(...parts: readonly Uint8Array[]): Promise<Bytes> {
  const length = parts.reduce((n, p) => n + p.length, 0);
  const joined = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', joined));
}

const LEAF = new Uint8Array([0]);
const NODE = new Uint8Array([1]);

export const leafHash = (entry: Uint8Array): Promise<Bytes> => sha256(LEAF, entry);
export const nodeHash = (left: Uint8Array, right: Uint8Array): Promise<Bytes> => sha256(NODE, left, right);

/** The bytes an audit entry's leaf commits to: its RFC 8785 canonical JSON in UTF-8. */
export function entryBytes(entry: unknown): Uint8Array {
  const text = canonicalize(entry);
  if (text === undefined) throw new TypeError('Cannot encode audit entry: not representable as JSON');
  return new TextEncoder().encode(text);
}

export function fromHex(hex: string): Bytes | undefined {
  if (!/^(?:[0-9a-f]{2})*$/i.test(hex)) return undefined;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export type InclusionClaim = {
  readonly leafHash: Uint8Array;
  readonly index: number;
  readonly size: number;
  readonly proof: readonly Uint8Array[];
};

/** The root the proof leads to, or undefined when the proof has the wrong shape for (index, size). */
export async function rootFromInclusion(claim: InclusionClaim): Promise<Bytes | undefined> {
  const { index, size, proof } = claim;
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size)
    return undefined;
  if (claim.leafHash.length !== 32) return undefined;
  // Beyond 2^31 leaves `>>` would wrap, so halve arithmetically.
  let fn = index;
  let sn = size - 1;
  let r: Bytes = new Uint8Array(claim.leafHash);
  for (const p of proof) {
    if (p.length !== 32 || sn === 0) return undefined;
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      if (fn % 2 === 0) {
        do {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        } while (fn % 2 === 0 && fn !== 0);
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : undefined;
}

export type InclusionVerdict =
  | { readonly ok: true; readonly root: string }
  | { readonly ok: false; readonly reason: 'malformed-proof' | 'root-mismatch'; readonly detail: string };

/** Checks that `entry` sits at `index` of the tree of `size` whose head is `rootHex`. */
export async function verifyEntryInclusion(options: {
  entry: Uint8Array;
  index: number;
  size: number;
  proofHex: readonly string[];
  rootHex: string;
}): Promise<InclusionVerdict> {
  const proof = options.proofHex.map(fromHex);
  const root = fromHex(options.rootHex);
  if (root?.length !== 32 || proof.some((p) => p?.length !== 32)) {
    return {
      ok: false,
      reason: 'malformed-proof',
      detail: 'A proof hash or the root is not 32 bytes of hex',
    };
  }
  const computed = await rootFromInclusion({
    leafHash: await leafHash(options.entry),
    index: options.index,
    size: options.size,
    proof: proof as Bytes[],
  });
  if (computed === undefined) {
    return {
      ok: false,
      reason: 'malformed-proof',
      detail: `The proof has the wrong length for entry ${options.index} of ${options.size}`,
    };
  }
  const got = toHex(computed);
  if (got !== options.rootHex.toLowerCase()) {
    return {
      ok: false,
      reason: 'root-mismatch',
      detail: `The proof leads to ${got.slice(0, 16)}…, not the tree head`,
    };
  }
  return { ok: true, root: got };
}
