import { sql, type Kysely } from 'kysely';

// Migrations take Kysely<any>: they run against the schema as it was at their time, not as the types say it is now.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * Compute-to-data and federated training, on the side that asked. `compute_run`: jobs this node sent to a provider,
 * with the released output, its label and binding, or the reason it was stopped or refused. `training_run`: federated
 * trainings this node coordinated, round by round, with the final model and its label.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('compute_run')
    .addColumn('run_id', 'text', (c) => c.primaryKey())
    .addColumn('provider_run_id', 'text')
    .addColumn('agreement_id', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('dataset_id', 'text', (c) => c.notNull())
    .addColumn('module_sha256', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('detail', 'text')
    .addColumn('exit_code', 'integer')
    .addColumn('output', 'bytea')
    .addColumn('output_sha256', 'text')
    .addColumn('label', 'jsonb')
    .addColumn('label_binding', 'jsonb')
    .addColumn('usage', 'jsonb')
    .addColumn('artefact', 'text')
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('compute_run_created').on('compute_run').column('created_at').execute();
  await db.schema
    .createTable('training_run')
    .addColumn('run_id', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('spec', 'jsonb', (c) => c.notNull())
    .addColumn('rounds', 'jsonb', (c) => c.notNull())
    .addColumn('model', 'jsonb')
    .addColumn('label', 'jsonb')
    .addColumn('detail', 'text')
    .addColumn('artefact', 'text')
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('training_run').execute();
  await db.schema.dropTable('compute_run').execute();
}
