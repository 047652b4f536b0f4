/**
 * Opening a checkpoint the way an offline verifier must: the log's signature verifies, every signature from a
 * trusted witness verifies (a forged one is named, not skipped), and at least `quorum` witnesses cosigned it.
 */
import { err, ok, type Result } from '../../shared/result.ts';
import { verifyCosignature } from './cosignature.ts';
import type { NoteVerifier } from './keys.ts';
import { openCheckpoint, type CheckpointFailure, type SignedCheckpoint } from './signed-checkpoint.ts';

export type CosignedCheckpoint = SignedCheckpoint & {
  readonly cosigners: readonly { name: string; timestamp: number }[];
};

export type CosignedFailure = CheckpointFailure | 'quorum-not-met';

export function openCosignedCheckpoint(
  noteText: string,
  options: { logKey: NoteVerifier; witnesses: readonly NoteVerifier[]; quorum?: number; origin?: string },
): Result<CosignedCheckpoint, CosignedFailure> {
  const opened = openCheckpoint(noteText, options);
  if (!opened.ok) return opened;
  const cosigners: { name: string; timestamp: number }[] = [];
  for (const witness of options.witnesses) {
    const result = verifyCosignature(opened.value.note, witness);
    if (result.ok) cosigners.push({ name: witness.name, timestamp: result.value.timestamp });
    else if (result.reason === 'forged-signature') {
      return err(
        'forged-signature',
        `Cannot open checkpoint of "${opened.value.checkpoint.origin}": ${result.detail}`,
      );
    }
  }
  const quorum = options.quorum ?? options.witnesses.length;
  if (cosigners.length < quorum) {
    return err(
      'quorum-not-met',
      `Cannot trust checkpoint of "${opened.value.checkpoint.origin}" at size ${opened.value.checkpoint.size}: ${cosigners.length} of ${quorum} required witnesses cosigned it`,
    );
  }
  return ok({ ...opened.value, cosigners });
}
