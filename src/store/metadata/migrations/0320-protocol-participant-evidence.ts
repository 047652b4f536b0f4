import type { Kysely } from 'kysely';

// Migrations take Kysely<any>: they run against the schema as it was at their time, not as the types say it is now.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * What a process needs of its counterparty after a restart. `dsp_negotiation.counterparty_country`: the nation the
 * consumer's federation certificate named when its request arrived, which the provider's decision point judges
 * releasability by (a decision owed across a restart must not depend on the peer calling again).
 * `dsp_agreement.provider_certificate` / `consumer_certificate`: the certificates (PEM) whose keys verify the two
 * agreement signatures, kept beside them so that either party can prove the agreement later without the other.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('dsp_negotiation').addColumn('counterparty_country', 'text').execute();
  await db.schema.alterTable('dsp_agreement').addColumn('provider_certificate', 'text').execute();
  await db.schema.alterTable('dsp_agreement').addColumn('consumer_certificate', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('dsp_agreement').dropColumn('consumer_certificate').execute();
  await db.schema.alterTable('dsp_agreement').dropColumn('provider_certificate').execute();
  await db.schema.alterTable('dsp_negotiation').dropColumn('counterparty_country').execute();
}
