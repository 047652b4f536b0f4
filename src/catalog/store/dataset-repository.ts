/** The node's own datasets in the metadata store. The document is the dataset as the domain knows it. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../store/metadata/database.ts';
import { jsonb } from '../../store/metadata/jsonb.ts';
import type { CatalogDataset } from '../dataset.ts';
import './tables.ts';

type Db = Kysely<Database> | Transaction<Database>;

export async function putDataset(db: Db, dataset: CatalogDataset): Promise<void> {
  const row = {
    publisher: dataset.publisher,
    title: dataset.title,
    label_policy: dataset.label.policy,
    label_classification: dataset.label.classification,
    document: jsonb(dataset),
    modified: new Date(dataset.modified),
  };
  await db
    .insertInto('catalog_dataset')
    .values({ id: dataset.id, ...row })
    .onConflict((oc) => oc.column('id').doUpdateSet({ ...row, updated_at: new Date() }))
    .execute();
}

export async function getDataset(db: Db, id: string): Promise<CatalogDataset | undefined> {
  const row = await db
    .selectFrom('catalog_dataset')
    .select('document')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.document as CatalogDataset | undefined;
}

/** Every dataset, in id order: the caller filters by visibility before paging (see visibility.ts). */
export async function listDatasets(db: Db): Promise<CatalogDataset[]> {
  const rows = await db.selectFrom('catalog_dataset').select('document').orderBy('id').execute();
  return rows.map((row) => row.document as CatalogDataset);
}

export async function deleteDataset(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('catalog_dataset').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
