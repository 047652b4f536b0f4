/**
 * Ed25519 note keys (signature type 0x01) and timestamped Ed25519 cosigner keys (type 0x04, c2sp.org/tlog-cosignature),
 * with their key IDs SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4] and the vkey text form `name+hex(keyID)+base64(type ‖ key)`.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { InvalidInputError } from '../../shared/errors.ts';
import { isValidKeyName } from './note.ts';

export const SIG_ED25519 = 0x01;
export const SIG_COSIGNATURE_V1 = 0x04;
export type SignatureType = typeof SIG_ED25519 | typeof SIG_COSIGNATURE_V1;

export type NoteSigner = {
  readonly name: string;
  readonly keyId: number;
  readonly type: SignatureType;
  readonly publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
};

export type NoteVerifier = {
  readonly name: string;
  readonly keyId: number;
  readonly type: SignatureType;
  readonly publicKey: Uint8Array;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
};

const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');

export function keyId(options: { name: string; type: SignatureType; publicKey: Uint8Array }): number {
  const digest = createHash('sha256')
    .update(options.name)
    .update(Uint8Array.of(0x0a, options.type))
    .update(options.publicKey)
    .digest();
  return digest.readUInt32BE(0);
}

function rawPublicKey(key: KeyObject): Uint8Array {
  return new Uint8Array(key.export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519.length));
}

function publicKeyObject(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519, raw]), format: 'der', type: 'spki' });
}

/** A 32-byte Ed25519 seed as a private KeyObject. */
export function privateKeyFromSeed(seed: Uint8Array): KeyObject {
  if (seed.length !== 32)
    throw new InvalidInputError('seed', `Cannot use an Ed25519 seed of ${seed.length} bytes`);
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });
}

export function seedOf(privateKey: KeyObject): Uint8Array {
  return new Uint8Array(privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_ED25519.length));
}

export function createSigner(options: {
  name: string;
  privateKey: KeyObject;
  type?: SignatureType;
}): NoteSigner {
  const { name, privateKey } = options;
  if (!isValidKeyName(name))
    throw new InvalidInputError('name', `Cannot use key name "${name}": empty or has a space or +`);
  const type = options.type ?? SIG_ED25519;
  const publicKey = rawPublicKey(createPublicKey(privateKey));
  return {
    name,
    type,
    publicKey,
    keyId: keyId({ name, type, publicKey }),
    sign: (message) => new Uint8Array(sign(null, message, privateKey)),
  };
}

export function createVerifier(options: {
  name: string;
  publicKey: Uint8Array;
  type?: SignatureType;
}): NoteVerifier {
  const { name, publicKey } = options;
  if (!isValidKeyName(name))
    throw new InvalidInputError('name', `Cannot use key name "${name}": empty or has a space or +`);
  if (publicKey.length !== 32)
    throw new InvalidInputError('publicKey', `Cannot use an Ed25519 key of ${publicKey.length} bytes`);
  const type = options.type ?? SIG_ED25519;
  const key = publicKeyObject(publicKey);
  return {
    name,
    type,
    publicKey,
    keyId: keyId({ name, type, publicKey }),
    verify: (message, signature) => signature.length === 64 && verify(null, message, key, signature),
  };
}

export function verifierOf(signer: NoteSigner): NoteVerifier {
  return createVerifier({ name: signer.name, publicKey: signer.publicKey, type: signer.type });
}

export function generateSigner(options: { name: string; type?: SignatureType }): NoteSigner {
  return createSigner({ ...options, privateKey: generateKeyPairSync('ed25519').privateKey });
}

/** The vkey text form of a verifier: `name+<8 hex key ID>+base64(type ‖ public key)`. */
export function formatVerifierKey(
  verifier: Pick<NoteVerifier, 'name' | 'keyId' | 'type' | 'publicKey'>,
): string {
  const material = Buffer.concat([Uint8Array.of(verifier.type), verifier.publicKey]).toString('base64');
  return `${verifier.name}+${verifier.keyId.toString(16).padStart(8, '0')}+${material}`;
}

export function parseVerifierKey(vkey: string): NoteVerifier {
  // Names hold no '+', the key ID is 8 hex digits, and the base64 material may itself contain '+'.
  const match = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+={0,2})$/.exec(vkey.trim());
  const [, name, id, material] = match ?? [];
  if (
    match === null ||
    name === undefined ||
    id === undefined ||
    material === undefined ||
    !/^[0-9a-f]{8}$/.test(id)
  ) {
    throw new InvalidInputError(
      'key',
      `Cannot parse verifier key "${vkey.slice(0, 60)}": expected name+keyid+base64`,
    );
  }
  const bytes = new Uint8Array(Buffer.from(material, 'base64'));
  const type = bytes[0];
  if ((type !== SIG_ED25519 && type !== SIG_COSIGNATURE_V1) || bytes.length !== 33) {
    throw new InvalidInputError(
      'key',
      `Cannot use verifier key "${name}": only Ed25519 types 0x01 and 0x04 are supported`,
    );
  }
  const verifier = createVerifier({ name, publicKey: bytes.subarray(1), type });
  if (verifier.keyId !== Number.parseInt(id, 16)) {
    throw new InvalidInputError(
      'key',
      `Cannot use verifier key "${name}": key ID ${id} does not match its key`,
    );
  }
  return verifier;
}
