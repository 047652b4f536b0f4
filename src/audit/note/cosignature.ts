/**
 * Witness cosignatures, c2sp.org/tlog-cosignature, Ed25519 type 0x04: the signed message is `cosignature/v1\n`,
 * `time <POSIX seconds>\n`, then the whole checkpoint body; the signature is u64 timestamp ‖ Ed25519 signature.
 */
import { err, ok, type Result } from '../../shared/result.ts';
import { SIG_COSIGNATURE_V1, type NoteSigner, type NoteVerifier } from './keys.ts';
import type { Note, NoteSignature } from './note.ts';

const encoder = new TextEncoder();

export function cosignatureMessage(text: string, timestamp: number): Uint8Array {
  return encoder.encode(`cosignature/v1\ntime ${timestamp}\n${text}`);
}

export function cosign(options: { note: Note; witness: NoteSigner; timestamp: number }): NoteSignature {
  const { note, witness, timestamp } = options;
  if (witness.type !== SIG_COSIGNATURE_V1)
    throw new RangeError(`Cannot cosign with key "${witness.name}": not a cosigner key`);
  if (!Number.isSafeInteger(timestamp) || timestamp < 0)
    throw new RangeError(`Cannot cosign at time ${timestamp}`);
  const signature = new Uint8Array(8 + 64);
  new DataView(signature.buffer).setBigUint64(0, BigInt(timestamp));
  signature.set(witness.sign(cosignatureMessage(note.text, timestamp)), 8);
  return { name: witness.name, keyId: witness.keyId, signature };
}

/** The note with the signature added, replacing an earlier one by the same key (a newer cosignature supersedes). */
export function withSignature(note: Note, signature: NoteSignature): Note {
  const others = note.signatures.filter((s) => !(s.name === signature.name && s.keyId === signature.keyId));
  return { text: note.text, signatures: [...others, signature] };
}

export type CosignatureFailure = 'missing-cosignature' | 'forged-signature';

/** Verifies the witness's cosignature on the note; returns its timestamp. */
export function verifyCosignature(
  note: Note,
  witness: NoteVerifier,
): Result<{ timestamp: number }, CosignatureFailure> {
  const sig = note.signatures.find((s) => s.name === witness.name && s.keyId === witness.keyId);
  if (sig === undefined) return err('missing-cosignature', `No cosignature by witness "${witness.name}"`);
  if (witness.type !== SIG_COSIGNATURE_V1 || sig.signature.length !== 72) {
    return err(
      'forged-signature',
      `Cannot verify cosignature of witness "${witness.name}": not a timestamped Ed25519 signature`,
    );
  }
  const view = new DataView(sig.signature.buffer, sig.signature.byteOffset, 8);
  const big = view.getBigUint64(0);
  if (big > BigInt(Number.MAX_SAFE_INTEGER)) {
    return err(
      'forged-signature',
      `Cannot verify cosignature of witness "${witness.name}": timestamp out of range`,
    );
  }
  const timestamp = Number(big);
  if (!witness.verify(cosignatureMessage(note.text, timestamp), sig.signature.subarray(8))) {
    return err(
      'forged-signature',
      `Cannot verify cosignature of witness "${witness.name}": signature does not verify`,
    );
  }
  return ok({ timestamp });
}
