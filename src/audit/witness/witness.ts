/**
 * The witness's judgement, pure: given the last checkpoint it verified for a peer's log and a new one with a
 * consistency proof, either cosign the new one or keep evidence of misbehaviour. Evidence is only ever made of
 * material the log signed itself (both checkpoints) plus the proof it served, so a third party can re-check it.
 */
import { err, type Err } from '../../shared/result.ts';
import { hashEquals, type Hash } from '../merkle/hash.ts';
import { verifyConsistency } from '../merkle/verify-consistency.ts';
import { cosign, withSignature } from '../note/cosignature.ts';
import type { NoteSigner, NoteVerifier } from '../note/keys.ts';
import { formatNote, type NoteSignature } from '../note/note.ts';
import { openCheckpoint, type CheckpointFailure, type SignedCheckpoint } from '../note/signed-checkpoint.ts';

export type ForkReason = 'same-size-different-root' | 'inconsistent-proof' | 'rollback';

export type ForkEvidence = {
  readonly origin: string;
  readonly reason: ForkReason;
  /** The checkpoint the witness had verified before, as the log signed it. */
  readonly previous: string;
  /** The conflicting checkpoint, as the log signed it. */
  readonly next: string;
  /** The consistency proof the log served (base64 hashes); empty for same-size and rollback conflicts. */
  readonly proof: readonly string[];
  readonly detail: string;
};

export type WitnessOutcome =
  | {
      readonly kind: 'cosigned';
      readonly checkpoint: SignedCheckpoint;
      readonly cosignature: NoteSignature;
      /** The checkpoint note with this witness's cosignature added. */
      readonly cosignedNote: string;
    }
  | { readonly kind: 'fork'; readonly evidence: ForkEvidence }
  | (Err<CheckpointFailure> & { readonly kind: 'refused' });

export type WitnessInput = {
  readonly logKey: NoteVerifier;
  /** The last checkpoint this witness verified for the log (undefined on first contact: trust on first use). */
  readonly previous: SignedCheckpoint | undefined;
  readonly previousNote: string | undefined;
  readonly next: string;
  readonly proof: readonly Hash[];
  readonly witness: NoteSigner;
  readonly now: Date;
};

const b64 = (hash: Hash): string => Buffer.from(hash).toString('base64');

export function witnessCheckpoint(input: WitnessInput): WitnessOutcome {
  const opened = openCheckpoint(input.next, { logKey: input.logKey });
  if (!opened.ok) return { ...err(opened.reason, opened.detail), kind: 'refused' };
  const next = opened.value.checkpoint;
  const previous = input.previous?.checkpoint;
  const fork = (reason: ForkReason, detail: string): WitnessOutcome => ({
    kind: 'fork',
    evidence: {
      origin: next.origin,
      reason,
      previous: input.previousNote ?? '',
      next: input.next,
      proof: reason === 'inconsistent-proof' ? input.proof.map(b64) : [],
      detail,
    },
  });

  if (previous !== undefined) {
    if (next.size < previous.size) {
      return fork(
        'rollback',
        `Log "${next.origin}" went back from size ${previous.size} to size ${next.size}`,
      );
    }
    if (next.size === previous.size && !hashEquals(next.root, previous.root)) {
      return fork(
        'same-size-different-root',
        `Log "${next.origin}" signed two different roots for size ${next.size}: ${b64(previous.root)} and ${b64(next.root)}`,
      );
    }
    const consistent = verifyConsistency({
      first: previous.size,
      second: next.size,
      firstRoot: previous.root,
      secondRoot: next.root,
      proof: input.proof,
    });
    if (!consistent) {
      return fork(
        'inconsistent-proof',
        `Log "${next.origin}" at size ${next.size} is not consistent with its size ${previous.size}: the consistency proof does not verify`,
      );
    }
  }
  const timestamp = Math.floor(input.now.getTime() / 1000);
  const cosignature = cosign({ note: opened.value.note, witness: input.witness, timestamp });
  const note = withSignature(opened.value.note, cosignature);
  return {
    kind: 'cosigned',
    checkpoint: { checkpoint: next, note },
    cosignature,
    cosignedNote: formatNote(note),
  };
}
