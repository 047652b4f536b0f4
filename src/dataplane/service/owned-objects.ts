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
