/**
 * This node as a witness of its peers' logs: the pure judgement (../witness/witness.ts) applied to the last
 * checkpoint kept for the peer, in one transaction with the peer's row locked, so two workers never advance the
 * same peer from different views. A fork or rollback becomes an alarm row with its signed evidence.
 */
import type { MetadataStore } from '../../store/metadata/port.ts';
import type { Hash } from '../merkle/hash.ts';
import type { NoteSigner, NoteVerifier } from '../note/keys.ts';
import { openCheckpoint } from '../note/signed-checkpoint.ts';
import { witnessCheckpoint, type ForkEvidence, type WitnessOutcome } from '../witness/witness.ts';
import { jsonb } from '../../store/metadata/jsonb.ts';
import type { Db } from './tables.ts';

export type AuditAlarm = {
  readonly id: string;
  readonly origin: string;
  readonly reason: string;
  readonly detail: string;
  readonly evidence: ForkEvidence;
  readonly raisedAt: Date;
};

export async function witnessPeer(
  store: MetadataStore,
  options: {
    logKey: NoteVerifier;
    witness: NoteSigner;
    now: Date;
    next: string;
    proof: readonly Hash[];
    onAlarm?: (alarm: ForkEvidence) => void;
  },
): Promise<WitnessOutcome> {
  const outcome = await store.transaction(async (trx) => {
    const row = await trx
      .selectFrom('audit_peer_checkpoint')
      .select(['note'])
      .where('origin', '=', options.logKey.name)
      .forUpdate()
      .executeTakeFirst();
    const previous = row === undefined ? undefined : openCheckpoint(row.note, { logKey: options.logKey });
    const result = witnessCheckpoint({
      logKey: options.logKey,
      previous: previous?.ok === true ? previous.value : undefined,
      previousNote: row?.note,
      next: options.next,
      proof: options.proof,
      witness: options.witness,
      now: options.now,
    });
    if (result.kind === 'cosigned') {
      const { checkpoint } = result.checkpoint;
      const values = {
        origin: checkpoint.origin,
        size: checkpoint.size,
        root: Buffer.from(checkpoint.root),
        note: result.cosignedNote,
        updated_at: options.now,
      };
      await trx
        .insertInto('audit_peer_checkpoint')
        .values(values)
        .onConflict((c) =>
          c.column('origin').doUpdateSet({
            size: values.size,
            root: values.root,
            note: values.note,
            updated_at: values.updated_at,
          }),
        )
        .execute();
    } else if (result.kind === 'fork') {
      // The same conflicting checkpoint comes back every round until an operator acts: one alarm per checkpoint.
      const raised = await trx
        .selectFrom('audit_alarm')
        .select(['evidence'])
        .where('origin', '=', result.evidence.origin)
        .execute();
      if (raised.some((row) => (row.evidence as ForkEvidence).next === result.evidence.next)) {
        return { ...result, repeated: true };
      }
      await trx
        .insertInto('audit_alarm')
        .values({
          origin: result.evidence.origin,
          reason: result.evidence.reason,
          detail: result.evidence.detail,
          evidence: jsonb(result.evidence),
          raised_at: options.now,
        })
        .execute();
    }
    return result;
  });
  if (outcome.kind === 'fork' && !('repeated' in outcome)) options.onAlarm?.(outcome.evidence);
  return outcome;
}

export async function peerCheckpoint(
  db: Db,
  origin: string,
): Promise<{ size: number; note: string } | undefined> {
  const row = await db
    .selectFrom('audit_peer_checkpoint')
    .select(['size', 'note'])
    .where('origin', '=', origin)
    .executeTakeFirst();
  return row === undefined ? undefined : { size: Number(row.size), note: row.note };
}

export async function listAlarms(db: Db, options: { limit?: number } = {}): Promise<AuditAlarm[]> {
  const rows = await db
    .selectFrom('audit_alarm')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(options.limit ?? 100)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    origin: row.origin,
    reason: row.reason,
    detail: row.detail,
    evidence: row.evidence as ForkEvidence,
    raisedAt: row.raised_at,
  }));
}
