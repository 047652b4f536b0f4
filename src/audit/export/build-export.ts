/** Assembling an export from entries and their proofs, whatever backend served them. */
import type { AuditEntry } from '../entry/entry.ts';
import type { Hash } from '../merkle/hash.ts';
import { EXPORT_FORMAT, type AuditExport } from './format.ts';

export function buildExport(options: {
  origin: string;
  treeSize: number;
  start: number;
  end: number;
  entries: readonly { entry: AuditEntry; proof: readonly Hash[] }[];
  consistency?: { first: number; proof: readonly Hash[] };
}): AuditExport {
  return {
    format: EXPORT_FORMAT,
    origin: options.origin,
    treeSize: options.treeSize,
    start: options.start,
    end: options.end,
    entries: options.entries.map(({ entry, proof }) => ({
      entry,
      proof: proof.map((h) => Buffer.from(h).toString('base64')),
    })),
    ...(options.consistency === undefined
      ? {}
      : {
          consistency: {
            first: options.consistency.first,
            proof: options.consistency.proof.map((h) => Buffer.from(h).toString('base64')),
          },
        }),
  };
}
