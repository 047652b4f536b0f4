/**
 * Publishing this node's signed tree heads and collecting its witnesses' cosignatures. Signing reads the tree row
 * and writes the checkpoint row in one transaction; the log itself is never touched, so a crash at any point
 * leaves the previous checkpoint and a log that verifies against it.
 */
import { err, ok, type Result } from '../../shared/result.ts';
import type { MetadataStore } from '../../store/metadata/port.ts';
import { verifyCosignature, withSignature } from '../note/cosignature.ts';
import type { NoteSigner, NoteVerifier } from '../note/keys.ts';
import { parseCheckpoint } from '../note/checkpoint.ts';
import { formatNote, parseNote } from '../note/note.ts';
import { signCheckpoint } from '../note/signed-checkpoint.ts';
import { readTreeHead } from './proofs.ts';
import type { Db } from './tables.ts';

export type StoredCheckpoint = { readonly size: number; readonly root: Uint8Array; readonly note: string };

export async function latestCheckpoint(db: Db): Promise<StoredCheckpoint | undefined> {
  const row = await db
    .selectFrom('audit_checkpoint')
    .select(['size', 'root', 'note'])
    .orderBy('size', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : { size: Number(row.size), root: new Uint8Array(row.root), note: row.note };
}

export async function checkpointAt(db: Db, size: number): Promise<StoredCheckpoint | undefined> {
  const row = await db
    .selectFrom('audit_checkpoint')
    .select(['size', 'root', 'note'])
    .where('size', '=', String(size))
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : { size: Number(row.size), root: new Uint8Array(row.root), note: row.note };
}

/** Signs a checkpoint when the tree grew since the last one (or none exists yet). */
export async function publishCheckpoint(
  store: MetadataStore,
  options: { signer: NoteSigner },
): Promise<{ published: boolean; checkpoint: StoredCheckpoint }> {
  return store.transaction(async (trx) => {
    const head = await readTreeHead(trx);
    const latest = await latestCheckpoint(trx);
    if (latest !== undefined && latest.size >= head.size) return { published: false, checkpoint: latest };
    const note = signCheckpoint(
      { origin: options.signer.name, size: head.size, root: head.root },
      options.signer,
    );
    await trx
      .insertInto('audit_checkpoint')
      .values({ size: head.size, root: Buffer.from(head.root), note })
      .onConflict((c) => c.column('size').doNothing())
      .execute();
    return { published: true, checkpoint: { size: head.size, root: head.root, note } };
  });
}

export type CosignatureIntakeFailure = 'malformed-note' | 'unknown-checkpoint' | 'forged-signature';

/**
 * Merges the cosignatures of trusted witnesses found on `note` into the stored checkpoint with the same body.
 * Signatures by keys this node does not trust are ignored; a trusted key's signature that fails is refused.
 */
export async function addCosignatures(
  store: MetadataStore,
  options: { note: string; witnesses: readonly NoteVerifier[] },
): Promise<Result<{ size: number; added: string[] }, CosignatureIntakeFailure>> {
  const incoming = parseNote(options.note);
  if (!incoming.ok) return incoming;
  return store.transaction(async (trx) => {
    const body = parseCheckpoint(incoming.value.text);
    if (!body.ok) return err('malformed-note' as const, body.detail);
    const row = await trx
      .selectFrom('audit_checkpoint')
      .select(['size', 'note'])
      .where('size', '=', String(body.value.size))
      .forUpdate()
      .executeTakeFirst();
    const stored = row === undefined ? undefined : parseNote(row.note);
    if (
      row === undefined ||
      stored === undefined ||
      !stored.ok ||
      stored.value.text !== incoming.value.text
    ) {
      return err('unknown-checkpoint', 'Cannot add cosignatures: this node never signed that checkpoint');
    }
    let note = stored.value;
    const added: string[] = [];
    for (const witness of options.witnesses) {
      const checked = verifyCosignature(incoming.value, witness);
      if (checked.ok) {
        const sig = incoming.value.signatures.find(
          (s) => s.name === witness.name && s.keyId === witness.keyId,
        );
        if (sig !== undefined) note = withSignature(note, sig);
        added.push(witness.name);
      } else if (checked.reason === 'forged-signature') {
        return err(
          'forged-signature',
          `Cannot add cosignatures to checkpoint ${row.size}: ${checked.detail}`,
        );
      }
    }
    if (added.length > 0) {
      await trx
        .updateTable('audit_checkpoint')
        .set({ note: formatNote(note) })
        .where('size', '=', row.size)
        .execute();
    }
    return ok({ size: Number(row.size), added });
  });
}
