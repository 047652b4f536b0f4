/**
 * The node's signing identity as the data plane sees it: a private key with its JWS algorithm and key id, and a
 * lookup from (participant, key id) to a public key. The trust module owns where these come from (participant
 * certificates); the data plane only needs this seam.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';

export type SigningAlgorithm = 'ES384' | 'EdDSA';

export type NodeSigningKey = {
  readonly participant: string;
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly privateKey: KeyObject;
};

/** Answers the public key a participant signs with under `kid`, or undefined when it is unknown or revoked. */
export type VerificationKeyLookup = (query: {
  participant: string;
  kid: string;
}) => Promise<KeyObject | undefined>;

/** A fresh key pair, for tests, benchmarks and first start of a node without a configured key. */
export function generateNodeSigningKey(options: {
  participant: string;
  kid: string;
  alg?: SigningAlgorithm;
}): {
  signingKey: NodeSigningKey;
  publicKey: KeyObject;
} {
  const alg = options.alg ?? 'ES384';
  const pair =
    alg === 'ES384' ? generateKeyPairSync('ec', { namedCurve: 'P-384' }) : generateKeyPairSync('ed25519');
  return {
    signingKey: { participant: options.participant, kid: options.kid, alg, privateKey: pair.privateKey },
    publicKey: pair.publicKey,
  };
}

/** A lookup over a fixed set of keys: for a node's own key and for tests. */
export function staticKeyLookup(
  keys: readonly { participant: string; kid: string; publicKey: KeyObject }[],
): VerificationKeyLookup {
  return async ({ participant, kid }) =>
    keys.find((key) => key.participant === participant && key.kid === kid)?.publicKey;
}
