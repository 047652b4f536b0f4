import type { Kysely } from 'kysely';

// Migrations take Kysely<any>: they run against the schema as it was at their time, not as the types say it is now.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  // Audit peers learned from the federation: the keys a participant's node first presented over mutual TLS, pinned
  // so that a later change of keys (a node replaying another history under a new key) is refused, not adopted.
  await db.schema
    .createTable('audit_peer_key')
    .addColumn('participant', 'text', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('log_key', 'text', (c) => c.notNull())
    .addColumn('witness_key', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('pinned_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('audit_peer_key').execute();
}
