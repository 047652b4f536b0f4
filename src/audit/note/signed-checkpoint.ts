/** Signing a checkpoint with the log's key and opening a signed one with a trusted log key. */
import { err, ok, type Result } from '../../shared/result.ts';
import { formatCheckpoint, parseCheckpoint, type Checkpoint } from './checkpoint.ts';
import { SIG_ED25519, type NoteSigner, type NoteVerifier } from './keys.ts';
import { formatNote, parseNote, type Note } from './note.ts';

export type SignedCheckpoint = { readonly checkpoint: Checkpoint; readonly note: Note };

export type CheckpointFailure =
  'malformed-note' | 'malformed-checkpoint' | 'wrong-origin' | 'not-signed-by-log' | 'forged-signature';

const encoder = new TextEncoder();

export function signCheckpoint(checkpoint: Checkpoint, signer: NoteSigner): string {
  if (signer.type !== SIG_ED25519)
    throw new RangeError(`Cannot sign a checkpoint with cosigner key "${signer.name}"`);
  const text = formatCheckpoint(checkpoint);
  const signature = signer.sign(encoder.encode(text));
  return formatNote({ text, signatures: [{ name: signer.name, keyId: signer.keyId, signature }] });
}

/** Parses the note, checks the origin and verifies the log's own signature (other signatures are left alone). */
export function openCheckpoint(
  noteText: string,
  options: { logKey: NoteVerifier; origin?: string },
): Result<SignedCheckpoint, CheckpointFailure> {
  const note = parseNote(noteText);
  if (!note.ok) return note;
  const body = parseCheckpoint(note.value.text);
  if (!body.ok) return body;
  const origin = options.origin ?? options.logKey.name;
  if (body.value.origin !== origin) {
    return err(
      'wrong-origin',
      `Cannot open checkpoint: origin is "${body.value.origin}", expected "${origin}"`,
    );
  }
  const { logKey } = options;
  const mine = note.value.signatures.filter((s) => s.name === logKey.name && s.keyId === logKey.keyId);
  if (mine.length === 0) {
    return err(
      'not-signed-by-log',
      `Cannot open checkpoint of "${origin}": no signature by log key "${logKey.name}"`,
    );
  }
  const message = encoder.encode(note.value.text);
  for (const sig of mine) {
    if (!logKey.verify(message, sig.signature)) {
      return err(
        'forged-signature',
        `Cannot open checkpoint of "${origin}" at size ${body.value.size}: signature of log key "${logKey.name}" does not verify`,
      );
    }
  }
  return ok({ checkpoint: body.value, note: note.value });
}
