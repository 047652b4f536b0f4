import { sql, type Kysely } from 'kysely';

// Migrations take Kysely<any>: they run against the schema as it was at their time, not as the types say it is now.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * Catalog tables. `catalog_dataset`: this node's datasets (the document is the whole dataset, label and offers
 * included; a few columns are copied out to index and filter). `catalog_peer` and `catalog_peer_dataset`: the
 * federated cache, each peer's catalog as last fetched, with the time of the fetch and the outcome of the last try.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('catalog_dataset')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('publisher', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('label_policy', 'text', (c) => c.notNull())
    .addColumn('label_classification', 'text', (c) => c.notNull())
    .addColumn('document', 'jsonb', (c) => c.notNull())
    .addColumn('modified', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('catalog_peer')
    .addColumn('peer', 'text', (c) => c.primaryKey())
    .addColumn('fetched_at', 'timestamptz')
    .addColumn('tried_at', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('dataset_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('catalog_peer_dataset')
    .addColumn('peer', 'text', (c) => c.notNull().references('catalog_peer.peer').onDelete('cascade'))
    .addColumn('dataset_id', 'text', (c) => c.notNull())
    .addColumn('publisher', 'text', (c) => c.notNull())
    .addColumn('document', 'jsonb', (c) => c.notNull())
    .addColumn('fetched_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('catalog_peer_dataset_pk', ['peer', 'dataset_id'])
    .execute();
  await sql`create index catalog_peer_dataset_publisher on catalog_peer_dataset (publisher)`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('catalog_peer_dataset').execute();
  await db.schema.dropTable('catalog_peer').execute();
  await db.schema.dropTable('catalog_dataset').execute();
}
