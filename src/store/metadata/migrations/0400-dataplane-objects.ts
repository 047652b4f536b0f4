import { sql, type Kysely } from 'kysely';

// Migrations take Kysely<any>: they run against the schema as it was at their time, not as the types say it is now.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * Data plane tables. `dataplane_object`: objects this node owns, with the data key sealed under the master key.
 * `dataplane_received`: objects this node received (or is receiving) from an owner, with the kept key lease.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('dataplane_object')
    .addColumn('object_id', 'text', (column) => column.primaryKey())
    .addColumn('dataset_id', 'text', (column) => column.notNull())
    .addColumn('owner', 'text', (column) => column.notNull())
    .addColumn('manifest', 'jsonb', (column) => column.notNull())
    .addColumn('sealed_data_key', 'bytea', (column) => column.notNull())
    .addColumn('master_kid', 'text', (column) => column.notNull())
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('dataplane_object_dataset')
    .on('dataplane_object')
    .column('dataset_id')
    .execute();
  await db.schema
    .createTable('dataplane_received')
    .addColumn('object_id', 'text', (column) => column.primaryKey())
    .addColumn('owner', 'text', (column) => column.notNull())
    .addColumn('agreement_id', 'text', (column) => column.notNull())
    .addColumn('manifest', 'jsonb', (column) => column.notNull())
    .addColumn('state', 'text', (column) => column.notNull())
    .addColumn('lease', 'text')
    .addColumn('received_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('dataplane_received').execute();
  await db.schema.dropTable('dataplane_object').execute();
}
