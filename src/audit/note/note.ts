/**
 * C2SP signed-note (c2sp.org/signed-note): a text ending in a newline, a blank line, then one or more lines
 * `— <key name> base64(key ID ‖ signature)`. This module only splits and joins; keys live in keys.ts.
 */
import { err, ok, type Result } from '../../shared/result.ts';

export type NoteSignature = { readonly name: string; readonly keyId: number; readonly signature: Uint8Array };

export type Note = { readonly text: string; readonly signatures: readonly NoteSignature[] };

/** Verifiers must accept at least 16 signatures; a bound keeps a hostile note from costing unbounded work. */
export const MAX_SIGNATURES = 64;
const MAX_NOTE_BYTES = 1 << 20;
const DASH = '\u2014 ';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export type NoteParseFailure = 'malformed-note';

export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name);
}

export function formatSignatureLine(sig: NoteSignature): string {
  const bytes = new Uint8Array(4 + sig.signature.length);
  new DataView(bytes.buffer).setUint32(0, sig.keyId >>> 0);
  bytes.set(sig.signature, 4);
  return `${DASH}${sig.name} ${Buffer.from(bytes).toString('base64')}\n`;
}

export function formatNote(note: Note): string {
  return `${note.text}\n${note.signatures.map(formatSignatureLine).join('')}`;
}

export function parseNote(input: string): Result<Note, NoteParseFailure> {
  const fail = (why: string) => err('malformed-note' as const, `Cannot parse signed note: ${why}`);
  if (input.length > MAX_NOTE_BYTES) return fail('larger than 1 MiB');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000b-\u001f]/.test(input)) return fail('contains a control character');
  if (!input.endsWith('\n')) return fail('does not end with a newline');
  const split = input.lastIndexOf('\n\n');
  if (split < 0) return fail('has no blank line before its signatures');
  const text = input.slice(0, split + 1);
  const lines = input.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) return fail(`has more than ${MAX_SIGNATURES} signatures`);
  const signatures: NoteSignature[] = [];
  for (const line of lines) {
    if (!line.startsWith(DASH))
      return fail(`signature line "${line.slice(0, 40)}" does not start with an em dash`);
    const rest = line.slice(DASH.length);
    const space = rest.indexOf(' ');
    const name = rest.slice(0, space);
    const encoded = rest.slice(space + 1);
    if (space <= 0 || !isValidKeyName(name)) return fail(`signature line has an invalid key name "${name}"`);
    if (!BASE64.test(encoded)) return fail(`signature of "${name}" is not base64`);
    const bytes = new Uint8Array(Buffer.from(encoded, 'base64'));
    if (bytes.length < 5 || Buffer.from(bytes).toString('base64') !== encoded) {
      return fail(`signature of "${name}" is not canonical base64 of a key ID and a signature`);
    }
    signatures.push({ name, keyId: new DataView(bytes.buffer).getUint32(0), signature: bytes.subarray(4) });
  }
  return ok({ text, signatures });
}
