/**
 * Re-checking fork evidence away from the witness that raised it: both checkpoints must carry the log's own
 * valid signature, and the conflict must be the one claimed. Nobody can frame a log with unsigned material.
 */
import { err, ok, type Result } from '../../shared/result.ts';
import { hashEquals } from '../merkle/hash.ts';
import { verifyConsistency } from '../merkle/verify-consistency.ts';
import type { NoteVerifier } from '../note/keys.ts';
import { openCheckpoint } from '../note/signed-checkpoint.ts';
import type { ForkEvidence } from './witness.ts';

export function verifyForkEvidence(
  evidence: ForkEvidence,
  logKey: NoteVerifier,
): Result<ForkEvidence, 'unsigned-evidence' | 'no-conflict'> {
  const previous = openCheckpoint(evidence.previous, { logKey });
  const next = openCheckpoint(evidence.next, { logKey });
  if (!previous.ok)
    return err('unsigned-evidence', `Cannot use fork evidence: previous checkpoint: ${previous.detail}`);
  if (!next.ok) return err('unsigned-evidence', `Cannot use fork evidence: next checkpoint: ${next.detail}`);
  const a = previous.value.checkpoint;
  const b = next.value.checkpoint;
  const conflict = (() => {
    switch (evidence.reason) {
      case 'rollback':
        return b.size < a.size;
      case 'same-size-different-root':
        return a.size === b.size && !hashEquals(a.root, b.root);
      case 'inconsistent-proof': {
        const proof = evidence.proof.map((p) => new Uint8Array(Buffer.from(p, 'base64')));
        return (
          a.size < b.size &&
          !verifyConsistency({ first: a.size, second: b.size, firstRoot: a.root, secondRoot: b.root, proof })
        );
      }
    }
  })();
  return conflict
    ? ok(evidence)
    : err('no-conflict', `Fork evidence for "${a.origin}" shows no ${evidence.reason}`);
}
