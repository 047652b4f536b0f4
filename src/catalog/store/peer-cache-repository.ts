/**
 * The federated catalog cache: each peer's catalog as last fetched. A successful fetch replaces the peer's entries
 * in one transaction; a failed one keeps the last good entries (marked with their fetch time) and records the failure.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../store/metadata/database.ts';
import { jsonb } from '../../store/metadata/jsonb.ts';
import type { MetadataStore } from '../../store/metadata/port.ts';
import type { CatalogDataset } from '../dataset.ts';
import type { CatalogEntry } from '../search.ts';
import './tables.ts';

type Db = Kysely<Database> | Transaction<Database>;

export type PeerCatalogStatus = {
  readonly peer: string;
  readonly fetchedAt: Date | null;
  readonly triedAt: Date;
  readonly status: 'fresh' | 'failed';
  readonly detail: string | null;
  readonly datasetCount: number;
  /** Where the peer speaks the Dataspace Protocol, as its last fetched catalog named it. */
  readonly endpoint: string | null;
};

export async function replacePeerCatalog(
  store: MetadataStore,
  options: { peer: string; datasets: readonly CatalogDataset[]; fetchedAt: Date; endpoint?: string },
): Promise<void> {
  const { peer, datasets, fetchedAt } = options;
  await store.transaction(async (trx) => {
    const status = {
      fetched_at: fetchedAt,
      tried_at: fetchedAt,
      status: 'fresh' as const,
      detail: null,
      dataset_count: datasets.length,
      endpoint: options.endpoint ?? null,
    };
    await trx
      .insertInto('catalog_peer')
      .values({ peer, ...status })
      .onConflict((oc) => oc.column('peer').doUpdateSet(status))
      .execute();
    await trx.deleteFrom('catalog_peer_dataset').where('peer', '=', peer).execute();
    // A peer's catalog may list the same id twice (nested catalogs): the last one wins, as in the catalog itself.
    const unique = [...new Map(datasets.map((d) => [d.id, d])).values()];
    for (let i = 0; i < unique.length; i += 500) {
      await trx
        .insertInto('catalog_peer_dataset')
        .values(
          unique.slice(i, i + 500).map((d) => ({
            peer,
            dataset_id: d.id,
            publisher: d.publisher,
            document: jsonb(d),
            fetched_at: fetchedAt,
          })),
        )
        .execute();
    }
  });
}

export async function recordPeerFailure(
  db: Db,
  options: { peer: string; triedAt: Date; detail: string },
): Promise<void> {
  const { peer, triedAt, detail } = options;
  await db
    .insertInto('catalog_peer')
    .values({ peer, fetched_at: null, tried_at: triedAt, status: 'failed', detail })
    .onConflict((oc) => oc.column('peer').doUpdateSet({ tried_at: triedAt, status: 'failed', detail }))
    .execute();
}

export async function listPeerEntries(db: Db, options: { peer?: string } = {}): Promise<CatalogEntry[]> {
  let query = db
    .selectFrom('catalog_peer_dataset as d')
    .innerJoin('catalog_peer as p', 'p.peer', 'd.peer')
    .select(['d.peer', 'd.document', 'd.fetched_at', 'p.endpoint'])
    .orderBy('d.peer')
    .orderBy('d.dataset_id');
  if (options.peer !== undefined) query = query.where('d.peer', '=', options.peer);
  const rows = await query.execute();
  return rows.map((row) => ({
    dataset: row.document as CatalogDataset,
    peer: row.peer,
    fetchedAt: row.fetched_at,
    ...(row.endpoint === null ? {} : { endpoint: row.endpoint }),
  }));
}

/** The DSP endpoint of a peer whose catalog this node has fetched, as that catalog named it. */
export async function peerEndpoint(db: Db, peer: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('catalog_peer')
    .select('endpoint')
    .where('peer', '=', peer)
    .executeTakeFirst();
  return row?.endpoint ?? undefined;
}

export async function peerStatuses(db: Db): Promise<PeerCatalogStatus[]> {
  const rows = await db.selectFrom('catalog_peer').selectAll().orderBy('peer').execute();
  return rows.map((row) => ({
    peer: row.peer,
    fetchedAt: row.fetched_at,
    triedAt: row.tried_at,
    status: row.status,
    detail: row.detail,
    datasetCount: row.dataset_count,
    endpoint: row.endpoint,
  }));
}
