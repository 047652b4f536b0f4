import { sql, type Kysely } from 'kysely';

// Migrations take Kysely<any>: they run against the schema as it was at their time, not as the types say it is now.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * Versions and lineage (W3C PROV). `lineage_version`: immutable, content-addressed versions of artefacts (datasets,
 * models, results), this node's own and the foreign inputs it derived from; never updated, never deleted.
 * `lineage_activity`: the activities that generated versions; `lineage_used`: which versions each activity used.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('lineage_version')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'serial', (c) => c.notNull().unique())
    .addColumn('artefact', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('participant', 'text', (c) => c.notNull())
    .addColumn('local', 'boolean', (c) => c.notNull())
    .addColumn('content', 'jsonb', (c) => c.notNull())
    .addColumn('label', 'jsonb', (c) => c.notNull())
    .addColumn('policies', 'jsonb', (c) => c.notNull())
    .addColumn('activity', 'text')
    .addColumn('previous', 'text')
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index lineage_version_artefact on lineage_version (artefact, seq)`.execute(db);
  await sql`create index lineage_version_activity on lineage_version (activity)`.execute(db);

  await db.schema
    .createTable('lineage_activity')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ended_at', 'timestamptz', (c) => c.notNull())
    .addColumn('agent', 'text', (c) => c.notNull())
    .addColumn('participant', 'text', (c) => c.notNull())
    .addColumn('details', 'jsonb', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('lineage_used')
    .addColumn('activity', 'text', (c) => c.notNull().references('lineage_activity.id'))
    .addColumn('version', 'text', (c) => c.notNull().references('lineage_version.id'))
    .addPrimaryKeyConstraint('lineage_used_pk', ['activity', 'version'])
    .execute();
  await sql`create index lineage_used_version on lineage_used (version)`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('lineage_used').execute();
  await db.schema.dropTable('lineage_activity').execute();
  await db.schema.dropTable('lineage_version').execute();
}
