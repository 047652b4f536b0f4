/**
 * Keeping the federated catalog fresh: which peers are due (pure), and one refresh of one peer (the shell). The
 * fetch is a port: the node wires it to the protocol's mutual-TLS client, which sends a `CatalogRequestMessage` and
 * follows the `Link` pages; each page is one DSP catalog document.
 */
import type { Clock } from '../shared/clock.ts';
import { toFoederaError } from '../shared/errors.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { MetadataStore } from '../store/metadata/port.ts';
import type { CatalogDataset } from './dataset.ts';
import { readDspCatalog, type SkippedDataset } from './dsp-read.ts';
import {
  recordPeerFailure,
  replacePeerCatalog,
  type PeerCatalogStatus,
} from './store/peer-cache-repository.ts';

export type FetchPeerCatalog = (peer: string) => Promise<readonly unknown[]>;

/** Peers never fetched, or whose last try is older than `maxAgeMs` (a failed peer is retried at the same pace). */
export function peersDue(options: {
  peers: readonly string[];
  statuses: readonly PeerCatalogStatus[];
  now: Date;
  maxAgeMs: number;
}): string[] {
  const byPeer = new Map(options.statuses.map((s) => [s.peer, s]));
  return options.peers.filter((peer) => {
    const status = byPeer.get(peer);
    return status === undefined || options.now.getTime() - status.triedAt.getTime() >= options.maxAgeMs;
  });
}

export type RefreshOutcome = { readonly datasets: number; readonly skipped: readonly SkippedDataset[] };

export async function refreshPeerCatalog(options: {
  store: MetadataStore;
  peer: string;
  fetchCatalog: FetchPeerCatalog;
  clock: Clock;
  /** The DSP URL the catalog is fetched from: the peer's endpoint when its catalog names no DataService. */
  fetchedFrom?: string;
}): Promise<Result<RefreshOutcome, 'peer-unreachable' | 'invalid-catalog'>> {
  const { store, peer, clock } = options;
  let pages: readonly unknown[];
  try {
    pages = await options.fetchCatalog(peer);
  } catch (error) {
    const detail = `Cannot fetch the catalog of "${peer}": ${toFoederaError(error).message}`;
    await recordPeerFailure(store.db, { peer, triedAt: clock(), detail });
    return err('peer-unreachable', detail);
  }
  const fetchedAt = clock();
  const datasets: CatalogDataset[] = [];
  const skipped: SkippedDataset[] = [];
  let endpoint = options.fetchedFrom;
  for (const [index, page] of pages.entries()) {
    const read = readDspCatalog(page, { peer, fetchedAt });
    if (!read.ok) {
      await recordPeerFailure(store.db, { peer, triedAt: fetchedAt, detail: read.detail });
      return read;
    }
    datasets.push(...read.value.datasets);
    skipped.push(...read.value.skipped);
    if (index === 0 && read.value.endpoint !== undefined) endpoint = read.value.endpoint;
  }
  await replacePeerCatalog(store, {
    peer,
    datasets,
    fetchedAt,
    ...(endpoint === undefined ? {} : { endpoint }),
  });
  return ok({ datasets: datasets.length, skipped });
}
