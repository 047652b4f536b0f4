/** The owner's record of its encrypted objects: manifest and sealed data key, one row per object. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../store/metadata/database.ts';
import { jsonb } from '../../store/metadata/jsonb.ts';
import type { Manifest } from '../format/manifest.ts';
import { sealDataKey, type MasterKey } from './master-key.ts';
import './tables.ts';

type Db = Kysely<Database> | Transaction<Database>;

export type OwnedObject = {
  readonly objectId: string;
  readonly datasetId: string;
  readonly owner: string;
  readonly manifest: Manifest;
  readonly sealedDataKey: Buffer;
  readonly masterKid: string;
};

export async function saveOwnedObject(
  db: Db,
  options: { manifest: Manifest; datasetId: string; dataKey: Buffer; master: MasterKey },
): Promise<void> {
  const { manifest, master } = options;
  const { objectId, owner } = manifest.body;
  await db
    .insertInto('dataplane_object')
    .values({
      object_id: objectId,
      dataset_id: options.datasetId,
      owner,
      manifest: jsonb(manifest),
      sealed_data_key: sealDataKey(master, { dataKey: options.dataKey, objectId, owner }),
      master_kid: master.kid,
    })
    .execute();
}

export async function findOwnedObject(db: Db, objectId: string): Promise<OwnedObject | undefined> {
  const row = await db
    .selectFrom('dataplane_object')
    .selectAll()
    .where('object_id', '=', objectId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    objectId: row.object_id,
    datasetId: row.dataset_id,
    owner: row.owner,
    manifest: row.manifest as Manifest,
    sealedDataKey: row.sealed_data_key,
    masterKid: row.master_kid,
  };
}

/** The dataset's current content: the object put last for it. */
export async function latestObjectOf(db: Db, datasetId: string): Promise<OwnedObject | undefined> {
  const row = await db
    .selectFrom('dataplane_object')
    .select('object_id')
    .where('dataset_id', '=', datasetId)
    .orderBy('created_at', 'desc')
    .orderBy('object_id')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? undefined : findOwnedObject(db, row.object_id);
}

/**
 * The bytes of ciphertext of each dataset's current object (the sum of its segments), by dataset id, for the
 * datasets that have content: what a catalog shows as the dataset's encrypted distribution.
 */
export async function currentObjectSizes(
  db: Db,
  datasetIds: readonly string[],
): Promise<Map<string, number>> {
  if (datasetIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('dataplane_object')
    .select(['dataset_id', 'manifest'])
    .where('dataset_id', 'in', [...datasetIds])
    .orderBy('created_at')
    .orderBy('object_id', 'desc')
    .execute();
  // Oldest first, so the object put last for a dataset is the one kept, as in latestObjectOf.
  const sizes = new Map<string, number>();
  for (const row of rows) {
    const segments = (row.manifest as Manifest).body.integrity.segments;
    sizes.set(
      row.dataset_id,
      segments.reduce((total, segment) => total + segment.size, 0),
    );
  }
  return sizes;
}
