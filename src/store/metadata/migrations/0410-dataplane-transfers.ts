import { sql, type Kysely } from 'kysely';

// Migrations take Kysely<any>: they run against the schema as it was at their time, not as the types say it is now.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * `dataplane_inbound`: the consumer's pull of the object behind a STARTED transfer process (progress, outcome), so
 * that a restart resumes it. `dataplane_revocation`: agreements the provider revoked; its key service refuses them.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('dataplane_inbound')
    .addColumn('transfer_pid', 'text', (column) => column.primaryKey())
    .addColumn('agreement_id', 'text', (column) => column.notNull())
    .addColumn('provider', 'text', (column) => column.notNull())
    .addColumn('endpoint', 'text', (column) => column.notNull())
    .addColumn('object_id', 'text')
    .addColumn('state', 'text', (column) => column.notNull())
    .addColumn('segments_total', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('segments_received', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('bytes_total', 'bigint', (column) => column.notNull().defaultTo(0))
    .addColumn('bytes_received', 'bigint', (column) => column.notNull().defaultTo(0))
    .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('next_attempt_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('dataplane_revocation')
    .addColumn('agreement_id', 'text', (column) => column.primaryKey())
    .addColumn('reason', 'text', (column) => column.notNull())
    .addColumn('actor', 'text', (column) => column.notNull())
    .addColumn('revoked_at', 'timestamptz', (column) => column.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('dataplane_revocation').execute();
  await db.schema.dropTable('dataplane_inbound').execute();
}
