import { sql, type Kysely } from 'kysely';

// Migrations take Kysely<any>: they run against the schema as it was at their time, not as the types say it is now.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** SHA-256 of the empty string: the root of the empty tree (RFC 9162 §2.1.1). */
const EMPTY_ROOT_HEX = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export async function up(db: AnyDb): Promise<void> {
  // The log's entries, by tree index; `body` is the canonical JSON the leaf hash commits to.
  await db.schema
    .createTable('audit_entry')
    .addColumn('idx', 'bigint', (c) => c.primaryKey())
    .addColumn('time', 'timestamptz', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_entry_subject').on('audit_entry').columns(['subject', 'idx']).execute();
  await db.schema.createIndex('audit_entry_actor').on('audit_entry').columns(['actor', 'idx']).execute();

  // Perfect-subtree hashes at every fourth level (a tile stride); the levels between are folded on demand.
  await db.schema
    .createTable('audit_node')
    .addColumn('level', 'smallint', (c) => c.notNull())
    .addColumn('idx', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'bytea', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_node_pk', ['level', 'idx'])
    .execute();

  // The one tree row: its lock orders appends; its frontier makes each append O(log n).
  await db.schema
    .createTable('audit_tree')
    .addColumn('id', 'smallint', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('root', 'bytea', (c) => c.notNull())
    .addColumn('frontier', 'bytea', (c) => c.notNull())
    .execute();
  await sql`insert into audit_tree (id, size, root, frontier) values (1, 0, decode(${EMPTY_ROOT_HEX}, 'hex'), '\\x'::bytea)`.execute(
    db,
  );

  // Tree heads this node signed, with the cosignatures its witnesses returned merged into `note`.
  await db.schema
    .createTable('audit_checkpoint')
    .addColumn('size', 'bigint', (c) => c.primaryKey())
    .addColumn('root', 'bytea', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // As a witness: the latest checkpoint verified for each peer's log.
  await db.schema
    .createTable('audit_peer_checkpoint')
    .addColumn('origin', 'text', (c) => c.primaryKey())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('root', 'bytea', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();

  // Forks and rollbacks seen as a witness, with the signed evidence, kept for ever.
  await db.schema
    .createTable('audit_alarm')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('evidence', 'jsonb', (c) => c.notNull())
    .addColumn('raised_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of [
    'audit_alarm',
    'audit_peer_checkpoint',
    'audit_checkpoint',
    'audit_tree',
    'audit_node',
    'audit_entry',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
