/**
 * Offline verification of an export against a cosigned checkpoint. Every entry is checked alone (its canonical
 * bytes, its leaf hash, its inclusion proof against the trusted root), then the sequence of genuine entries is
 * compared with the range the export claims: gaps are removed entries, entries off the longest increasing run are
 * reordered ones, repeated indexes are duplicates, and entries that prove nothing are altered or inserted.
 */
import { Compile } from 'typebox/compile';
import { err, ok, type Err, type Result } from '../../shared/result.ts';
import { AuditEntrySchema, type AuditEntry } from '../entry/entry.ts';
import { entryText } from '../entry/codec.ts';
import { leafHashOfText } from '../merkle/hash.ts';
import { inclusionVerifier } from '../merkle/verify-many.ts';
import type { NoteVerifier } from '../note/keys.ts';
import {
  openCosignedCheckpoint,
  type CosignedCheckpoint,
  type CosignedFailure,
} from '../note/verify-cosigned.ts';
import { AuditExportSchema, type AuditExport } from './format.ts';
import { longestIncreasingRun } from './lis.ts';

const checkExport = Compile(AuditExportSchema);
const checkEntry = Compile(AuditEntrySchema);

export type FindingKind = 'altered' | 'inserted' | 'missing' | 'out-of-order' | 'duplicate' | 'invalid';

/** One failure, located: `index` is the log index concerned, `position` the place in the export's list. */
export type Finding = {
  readonly kind: FindingKind;
  readonly index: number | undefined;
  readonly position: number | undefined;
  readonly message: string;
};

export type ExportReport = {
  readonly checkpoint: CosignedCheckpoint;
  readonly start: number;
  readonly end: number;
  readonly verified: number;
  /** True when the export covers the whole log up to the checkpoint. */
  readonly complete: boolean;
};

export type ExportFailure = CosignedFailure | 'malformed-export' | 'size-mismatch' | 'entries-failed';

export type TrustedKeys = {
  readonly logKey: NoteVerifier;
  readonly witnesses: readonly NoteVerifier[];
  readonly quorum?: number;
};

export function verifyExport(
  document: unknown,
  checkpointNote: string,
  trusted: TrustedKeys,
): Result<ExportReport, ExportFailure> | (Err<'entries-failed'> & { readonly findings: readonly Finding[] }) {
  const opened = openCosignedCheckpoint(checkpointNote, trusted);
  if (!opened.ok) return opened;
  const { checkpoint } = opened.value;
  if (!checkExport.Check(document)) {
    const first = [...checkExport.Errors(document)][0];
    return err(
      'malformed-export',
      `Cannot read audit export: ${first?.instancePath || '/'} ${first?.message ?? 'is invalid'}`,
    );
  }
  const exp: AuditExport = document;
  if (exp.origin !== checkpoint.origin) {
    return err(
      'malformed-export',
      `Cannot verify export of "${exp.origin}" against a checkpoint of "${checkpoint.origin}"`,
    );
  }
  if (exp.treeSize !== checkpoint.size) {
    return err(
      'size-mismatch',
      `Cannot verify export made at tree size ${exp.treeSize} against a checkpoint of size ${checkpoint.size}`,
    );
  }
  if (exp.start > exp.end || exp.end > exp.treeSize) {
    return err(
      'malformed-export',
      `Cannot verify export range [${exp.start}, ${exp.end}) in a tree of size ${exp.treeSize}`,
    );
  }
  const findings = locate(exp, checkpoint.root);
  if (findings.length > 0) {
    const first = findings[0] as Finding;
    const more = findings.length > 1 ? ` (and ${findings.length - 1} more)` : '';
    return { ...err('entries-failed', `${first.message}${more}`), findings };
  }
  return ok({
    checkpoint: opened.value,
    start: exp.start,
    end: exp.end,
    verified: exp.entries.length,
    complete: exp.start === 0 && exp.end === checkpoint.size,
  });
}

function locate(exp: AuditExport, root: Uint8Array): Finding[] {
  const findings: Finding[] = [];
  const genuine: { position: number; index: number }[] = [];
  const genuineIndexes = new Set<number>();
  const failed: { position: number; claimed: number | undefined }[] = [];
  // Neighbouring entries share most of their proofs: each subtree is hashed once per export.
  const verify = inclusionVerifier({ root, size: exp.treeSize });

  exp.entries.forEach((item, position) => {
    if (!checkEntry.Check(item.entry)) {
      failed.push({ position, claimed: claimedIndex(item.entry) });
      return;
    }
    const entry = item.entry as AuditEntry;
    const text = textOf(entry);
    const proof = item.proof.map((p) => new Uint8Array(Buffer.from(p, 'base64')));
    const proven =
      text !== undefined && verify({ leafHash: leafHashOfText(text), index: entry.index, proof });
    if (proven) {
      genuine.push({ position, index: entry.index });
    } else failed.push({ position, claimed: entry.index });
  });

  for (const { index } of genuine) genuineIndexes.add(index);
  for (const { position, claimed } of failed) {
    const at = `at position ${position}`;
    if (claimed === undefined) {
      findings.push({
        kind: 'invalid',
        index: undefined,
        position,
        message: `Entry ${at} is not a valid audit entry`,
      });
    } else if (!genuineIndexes.has(claimed) && claimed >= exp.start && claimed < exp.end) {
      findings.push({
        kind: 'altered',
        index: claimed,
        position,
        message: `Entry ${claimed} (${at}) was altered: it does not match the log at the checkpoint`,
      });
    } else {
      findings.push({
        kind: 'inserted',
        index: claimed,
        position,
        message: `Entry ${at} claiming index ${claimed} is not in the log: it was inserted`,
      });
    }
  }

  const seen = new Set<number>();
  const unique: { position: number; index: number }[] = [];
  for (const item of genuine) {
    if (seen.has(item.index)) {
      findings.push({
        kind: 'duplicate',
        index: item.index,
        position: item.position,
        message: `Entry ${item.index} appears again at position ${item.position}`,
      });
    } else {
      seen.add(item.index);
      unique.push(item);
    }
  }
  const keep = longestIncreasingRun(unique.map((u) => u.index));
  unique.forEach((item, i) => {
    if (!keep.has(i)) {
      findings.push({
        kind: 'out-of-order',
        index: item.index,
        position: item.position,
        message: `Entry ${item.index} is out of order: found at position ${item.position}`,
      });
    }
  });
  const altered = new Set(findings.filter((f) => f.kind === 'altered').map((f) => f.index));
  for (let index = exp.start; index < exp.end; index++) {
    if (!seen.has(index) && !altered.has(index)) {
      findings.push({
        kind: 'missing',
        index,
        position: undefined,
        message: `Entry ${index} is missing from the export`,
      });
    }
  }
  for (const item of genuine) {
    if (item.index < exp.start || item.index >= exp.end) {
      findings.push({
        kind: 'inserted',
        index: item.index,
        position: item.position,
        message: `Entry ${item.index} at position ${item.position} lies outside the exported range [${exp.start}, ${exp.end})`,
      });
    }
  }
  return findings.sort((a, b) => (a.index ?? a.position ?? 0) - (b.index ?? b.position ?? 0));
}

/** The canonical text the leaf commits to, or undefined for details that JSON cannot hold canonically. */
function textOf(entry: AuditEntry): string | undefined {
  try {
    return entryText(entry);
  } catch {
    return undefined;
  }
}

function claimedIndex(value: unknown): number | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const index = (value as { index?: unknown }).index;
  return typeof index === 'number' && Number.isSafeInteger(index) ? index : undefined;
}
