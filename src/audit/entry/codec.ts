/**
 * The canonical byte form of an entry — what the leaf hash commits to — is RFC 8785 (JCS) canonical JSON in
 * UTF-8. Decoding insists on that exact form, so one entry has one encoding and one leaf hash.
 */
import { Compile } from 'typebox/compile';
import { err, ok, type Result } from '../../shared/result.ts';
import { leafHash, type Hash } from '../merkle/hash.ts';
import { canonicalJson } from './canonical-json.ts';
import { AuditEntrySchema, ENTRY_VERSION, type AuditEntry, type AuditEntryInput } from './entry.ts';

const check = Compile(AuditEntrySchema);
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export type EntryDecodeFailure = 'not-utf8' | 'not-json' | 'invalid-entry' | 'not-canonical';

export function sealEntry(input: AuditEntryInput, index: number): AuditEntry {
  return { v: ENTRY_VERSION, index, ...input };
}

export function encodeEntry(entry: AuditEntry): Uint8Array {
  return encoder.encode(entryText(entry));
}

/**
 * The canonical text. The top-level members are fixed, so they are written in RFC 8785 order directly (JCS
 * serialises strings and numbers exactly as JSON.stringify does); `details`, free-form, goes through ./canonical-json.ts.
 * A property test holds this equal to canonicalize() of the whole entry.
 */
export function entryText(entry: AuditEntry): string {
  if (!Number.isSafeInteger(entry.index)) {
    throw new TypeError(`Cannot encode audit entry ${entry.index}: not representable as JSON`);
  }
  const details = canonicalJson(entry.details);
  const s = canonicalJson;
  return `{"actor":${s(entry.actor)},"details":${details},"index":${entry.index},"kind":${s(entry.kind)},"node":${s(entry.node)},"subject":${s(entry.subject)},"time":${s(entry.time)},"v":${entry.v}}`;
}

export function entryLeafHash(entry: AuditEntry): Hash {
  return leafHash(encodeEntry(entry));
}

export function decodeEntry(bytes: Uint8Array): Result<AuditEntry, EntryDecodeFailure> {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return err('not-utf8', 'Cannot decode audit entry: not valid UTF-8');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    return err('not-json', `Cannot decode audit entry: ${(cause as Error).message}`);
  }
  if (!check.Check(value)) {
    const first = [...check.Errors(value)][0];
    const where = first?.instancePath || '/';
    return err('invalid-entry', `Cannot decode audit entry: ${where} ${first?.message ?? 'is invalid'}`);
  }
  const entry = value as AuditEntry;
  if (entryText(entry) !== text) {
    return err('not-canonical', `Cannot decode audit entry ${entry.index}: not in RFC 8785 canonical form`);
  }
  return ok(entry);
}
