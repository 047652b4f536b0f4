/**
 * The receiving side, shared by pull and push. The journal of what arrived is the content-addressed blob store
 * itself: a segment exists there under its SHA-256 only once all of it was written durably and its digest matched,
 * so after a cut connection or a restart "what is missing" is exactly the segments the store does not hold.
 * The `dataplane_received` row records the verified manifest and whether the object is complete.
 */
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import { err, ok, type Result } from '../../shared/result.ts';
import { BlobDigestMismatchError } from '../../store/errors.ts';
import type { BlobStore } from '../../store/blob/port.ts';
import type { Database } from '../../store/metadata/database.ts';
import { jsonb } from '../../store/metadata/jsonb.ts';
import type { Manifest, SegmentEntry } from '../format/manifest.ts';
import { collectSegmentGarbage } from '../_internal/segment-garbage.ts';
import '../service/tables.ts';

type Db = Kysely<Database> | Transaction<Database>;

export type ReceivedObject = {
  readonly objectId: string;
  readonly owner: string;
  readonly agreementId: string;
  readonly manifest: Manifest;
  readonly state: 'receiving' | 'complete';
  readonly lease: string | null;
};

export async function findReceived(db: Db, objectId: string): Promise<ReceivedObject | undefined> {
  const row = await db
    .selectFrom('dataplane_received')
    .selectAll()
    .where('object_id', '=', objectId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    objectId: row.object_id,
    owner: row.owner,
    agreementId: row.agreement_id,
    manifest: row.manifest as Manifest,
    state: row.state,
    lease: row.lease,
  };
}

/** Records a verified manifest; the same object arriving again with another root is refused. */
export async function recordReceiving(
  db: Db,
  options: { manifest: Manifest; agreementId: string },
): Promise<Result<ReceivedObject, 'manifest-conflict'>> {
  const { manifest, agreementId } = options;
  const id = manifest.body.objectId;
  const existing = await findReceived(db, id);
  if (existing !== undefined) {
    if (
      existing.manifest.body.integrity.root !== manifest.body.integrity.root ||
      existing.agreementId !== agreementId
    ) {
      return err(
        'manifest-conflict',
        `Cannot receive object "${id}": another manifest or agreement is already recorded`,
      );
    }
    return ok(existing);
  }
  await db
    .insertInto('dataplane_received')
    .values({
      object_id: id,
      owner: manifest.body.owner,
      agreement_id: agreementId,
      manifest: jsonb(manifest),
      state: 'receiving',
      lease: null,
      received_at: null,
    })
    .onConflict((conflict) => conflict.column('object_id').doNothing())
    .execute();
  return ok({
    objectId: id,
    owner: manifest.body.owner,
    agreementId,
    manifest,
    state: 'receiving',
    lease: null,
  });
}

export async function missingSegments(blobs: BlobStore, manifest: Manifest): Promise<number[]> {
  const missing: number[] = [];
  for (const [index, segment] of manifest.body.integrity.segments.entries()) {
    if (!(await blobs.has(segment.hash))) missing.push(index);
  }
  return missing;
}

/** Stops a sender that streams more than the manifest declared, instead of filling the disk. */
async function* limitBytes(source: AsyncIterable<Uint8Array>, max: number): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.length;
    if (total > max) throw new SegmentTooLongError();
    yield chunk;
  }
}

class SegmentTooLongError extends Error {}

export type SegmentRefusal = 'segment-hash-mismatch' | 'segment-size-mismatch';

export async function receiveSegment(
  blobs: BlobStore,
  options: { segment: SegmentEntry; source: AsyncIterable<Uint8Array> },
): Promise<Result<void, SegmentRefusal>> {
  const { segment } = options;
  try {
    // The store gathers the small pieces a TLS socket yields into large writes itself.
    const stored = await blobs.put(limitBytes(options.source, segment.size), { sha256: segment.hash });
    if (stored.size !== segment.size) {
      return err(
        'segment-size-mismatch',
        `Cannot keep segment ${segment.hash}: ${stored.size} bytes, expected ${segment.size}`,
      );
    }
    return ok(undefined);
  } catch (error) {
    if (error instanceof BlobDigestMismatchError) {
      return err(
        'segment-hash-mismatch',
        `Cannot keep segment ${segment.hash}: the bytes received have another hash`,
      );
    }
    if (error instanceof SegmentTooLongError) {
      return err(
        'segment-size-mismatch',
        `Cannot keep segment ${segment.hash}: longer than ${segment.size} bytes`,
      );
    }
    throw error;
  } finally {
    // The socket's pieces of this segment were copied into the store's buffers and died there.
    collectSegmentGarbage();
  }
}

/** Marks the object complete when every segment is held; answers how many are still missing. */
export async function completeIfWhole(
  db: Db,
  options: { blobs: BlobStore; manifest: Manifest; now: Date },
): Promise<number> {
  const missing = await missingSegments(options.blobs, options.manifest);
  if (missing.length === 0) {
    await db
      .updateTable('dataplane_received')
      .set({ state: 'complete', received_at: options.now, updated_at: sql<Date>`now()` })
      .where('object_id', '=', options.manifest.body.objectId)
      .where('state', '=', 'receiving')
      .execute();
  }
  return missing.length;
}

export async function keepLease(db: Db, options: { objectId: string; lease: string | null }): Promise<void> {
  await db
    .updateTable('dataplane_received')
    .set({ lease: options.lease, updated_at: sql<Date>`now()` })
    .where('object_id', '=', options.objectId)
    .execute();
}
