import { sql, type Kysely } from 'kysely';

// Migrations take Kysely<any>: they run against the schema as it was at their time, not as the types say it is now.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * Dataspace Protocol processes. `dsp_negotiation` and `dsp_transfer` hold each side's state machine (keyed by this
 * node's own process id); the partial unique indexes make a redelivered opening message find the process it opened
 * instead of creating a second one. `dsp_agreement` holds agreements with both nodes' signatures. `dsp_outbox` holds
 * messages to send, committed with the state change that produced them, delivered in order per process.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('dsp_negotiation')
    .addColumn('pid', 'text', (c) => c.primaryKey())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('provider_pid', 'text')
    .addColumn('consumer_pid', 'text')
    .addColumn('counterparty', 'text', (c) => c.notNull())
    .addColumn('counterparty_address', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('offer', 'jsonb', (c) => c.notNull())
    .addColumn('offered_by', 'text', (c) => c.notNull())
    .addColumn('agreement', 'jsonb')
    .addColumn('last_received', 'jsonb')
    .addColumn('pending_question', 'text')
    .addColumn('outcome', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index dsp_negotiation_provider_side on dsp_negotiation (counterparty, consumer_pid) where role = 'provider'`.execute(
    db,
  );
  await sql`create unique index dsp_negotiation_consumer_side on dsp_negotiation (counterparty, provider_pid) where role = 'consumer' and provider_pid is not null`.execute(
    db,
  );
  await sql`create index dsp_negotiation_pending on dsp_negotiation (updated_at) where pending_question is not null`.execute(
    db,
  );

  await db.schema
    .createTable('dsp_agreement')
    .addColumn('agreement_id', 'text', (c) => c.primaryKey())
    .addColumn('negotiation_pid', 'text', (c) => c.notNull().unique().references('dsp_negotiation.pid'))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('consumer', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('agreement', 'jsonb', (c) => c.notNull())
    .addColumn('provider_signature', 'text')
    .addColumn('consumer_signature', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('dsp_transfer')
    .addColumn('pid', 'text', (c) => c.primaryKey())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('provider_pid', 'text')
    .addColumn('consumer_pid', 'text', (c) => c.notNull())
    .addColumn('counterparty', 'text', (c) => c.notNull())
    .addColumn('counterparty_address', 'text', (c) => c.notNull())
    .addColumn('agreement_id', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('data_address', 'jsonb')
    .addColumn('last_received', 'jsonb')
    .addColumn('pending_question', 'text')
    .addColumn('outcome', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index dsp_transfer_provider_side on dsp_transfer (counterparty, consumer_pid) where role = 'provider'`.execute(
    db,
  );
  await sql`create index dsp_transfer_pending on dsp_transfer (updated_at) where pending_question is not null`.execute(
    db,
  );

  await db.schema
    .createTable('dsp_outbox')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('process', 'text', (c) => c.notNull())
    .addColumn('process_pid', 'text', (c) => c.notNull())
    .addColumn('counterparty', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('message', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull())
    .addColumn('lease_until', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('delivered_at', 'timestamptz')
    .execute();
  await sql`create index dsp_outbox_due on dsp_outbox (next_attempt_at, id) where status in ('pending', 'sending')`.execute(
    db,
  );
  await sql`create index dsp_outbox_process on dsp_outbox (process_pid, id) where status in ('pending', 'sending')`.execute(
    db,
  );
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('dsp_outbox').execute();
  await db.schema.dropTable('dsp_transfer').execute();
  await db.schema.dropTable('dsp_agreement').execute();
  await db.schema.dropTable('dsp_negotiation').execute();
}
