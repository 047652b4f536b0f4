import type { Kysely } from 'kysely';

// Migrations take Kysely<any>: they run against the schema as it was at their time, not as the types say it is now.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * `catalog_peer.endpoint`: the peer's Dataspace Protocol endpoint as its last fetched catalog named it (the
 * `endpointURL` of its DataService), so that a negotiation can be started from a dataset of the federated catalog
 * without the operator naming the provider's address. Null until a fetch succeeded.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('catalog_peer').addColumn('endpoint', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('catalog_peer').dropColumn('endpoint').execute();
}
