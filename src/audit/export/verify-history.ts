/**
 * Holding a log to one history offline: an auditor who kept an earlier checkpoint of the log (from a witness, an
 * earlier audit or a court record) checks that the checkpoint an export is verified against extends it. Two roots
 * signed for one size, or a larger tree the export's consistency proof does not tie to the earlier one, is a fork;
 * a smaller tree than the one kept is a rollback. Both checkpoints must carry the log's own signature.
 */
import { err, ok, type Result } from '../../shared/result.ts';
import { hashEquals } from '../merkle/hash.ts';
import { verifyConsistency } from '../merkle/verify-consistency.ts';
import type { NoteVerifier } from '../note/keys.ts';
import { openCheckpoint, type CheckpointFailure } from '../note/signed-checkpoint.ts';
import type { Checkpoint } from '../note/checkpoint.ts';

export type HistoryFailure = CheckpointFailure | 'fork' | 'rollback' | 'consistency-missing';

export type HistoryReport = { readonly previousSize: number; readonly size: number };

const b64 = (hash: Uint8Array): string => Buffer.from(hash).toString('base64');

export function verifyHistory(options: {
  /** The checkpoint the export was verified against (already opened with the log key). */
  current: Checkpoint;
  /** The earlier checkpoint the auditor kept, as the log signed it. */
  previousNote: string;
  logKey: NoteVerifier;
  /** The export's consistency proof, if it carries one. */
  consistency: { first: number; proof: readonly string[] } | undefined;
}): Result<HistoryReport, HistoryFailure> {
  const opened = openCheckpoint(options.previousNote, { logKey: options.logKey });
  if (!opened.ok) return err(opened.reason, `Previous checkpoint: ${opened.detail}`);
  const previous = opened.value.checkpoint;
  const current = options.current;
  const report = { previousSize: previous.size, size: current.size };
  if (previous.origin !== current.origin) {
    return err('wrong-origin', `Previous checkpoint is of "${previous.origin}", not of "${current.origin}"`);
  }
  if (current.size < previous.size) {
    return err(
      'rollback',
      `Log "${current.origin}" went back: the export is at size ${current.size}, the previous checkpoint at size ${previous.size}`,
    );
  }
  if (current.size === previous.size) {
    return hashEquals(current.root, previous.root)
      ? ok(report)
      : err(
          'fork',
          `Log "${current.origin}" forked at size ${current.size}: it signed root ${b64(previous.root)} and root ${b64(current.root)}`,
        );
  }
  const proof = options.consistency;
  if (proof === undefined || proof.first !== previous.size) {
    return err(
      'consistency-missing',
      `Cannot compare with the previous checkpoint of size ${previous.size}: the export carries no consistency proof from that size (export with --since ${previous.size})`,
    );
  }
  const consistent = verifyConsistency({
    first: previous.size,
    second: current.size,
    firstRoot: previous.root,
    secondRoot: current.root,
    proof: proof.proof.map((p) => new Uint8Array(Buffer.from(p, 'base64'))),
  });
  return consistent
    ? ok(report)
    : err(
        'fork',
        `Log "${current.origin}" forked: its tree of size ${current.size} does not extend its tree of size ${previous.size} (the consistency proof fails)`,
      );
}
