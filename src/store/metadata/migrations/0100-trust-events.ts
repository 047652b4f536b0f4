import { sql, type Kysely } from 'kysely';

// Migrations take Kysely<any>: they run against the schema as it was at their time, not as the types say it is now.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** The node's security event log: refused TLS clients, revocation lists applied, starts and stops. */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('trust_event')
    .addColumn('id', 'bigserial', (column) => column.primaryKey())
    .addColumn('at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('participant', 'text')
    .addColumn('reason', 'text')
    .addColumn('detail', 'jsonb', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('trust_event_kind_at').on('trust_event').columns(['kind', 'at']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('trust_event').execute();
}
