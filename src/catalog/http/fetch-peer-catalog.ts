/**
 * The federated refresher's fetch port over the node's mutual-TLS client: sends a `CatalogRequestMessage` to the
 * peer's DSP endpoint, requires the server to be that participant, and follows `Link: rel="next"` pages. Links are
 * followed only on the same origin, so a peer cannot make this node call elsewhere.
 */
import type { PeerClient } from '../../http/peer-client.ts';
import { catalogRequestMessage } from '../../protocol/messages/catalog-builders.ts';
import { FoederaError } from '../../shared/errors.ts';
import type { FetchPeerCatalog } from '../federated-refresh.ts';

const MAX_PAGES = 100;

export function nextLink(header: string | string[] | undefined): string | undefined {
  const values = header === undefined ? [] : Array.isArray(header) ? header : [header];
  for (const value of values) {
    for (const part of value.split(',')) {
      const match = /^\s*<([^>]+)>\s*;(?:.*;)?\s*rel="?next"?\s*(?:;|$)/.exec(part);
      if (match?.[1] !== undefined) return match[1];
    }
  }
  return undefined;
}

export function peerCatalogFetcher(options: {
  peers: PeerClient;
  /** The peer's DSP base URL, e.g. https://deu.example:8443/dsp. */
  dspUrl: string;
  timeoutMs?: number;
}): FetchPeerCatalog {
  const base = new URL(options.dspUrl);
  return async (peer) => {
    const pages: unknown[] = [];
    let url: string | undefined = `${options.dspUrl.replace(/\/$/, '')}/catalog/request`;
    while (url !== undefined) {
      if (pages.length === MAX_PAGES) {
        throw new FoederaError('invalid-catalog', `Catalog of "${peer}" has more than ${MAX_PAGES} pages`);
      }
      const response = await options.peers.request({
        url,
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(catalogRequestMessage()),
        expectParticipant: peer,
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
      if (response.status !== 200) {
        throw new FoederaError(
          'peer-refused',
          `Catalog request to "${peer}" answered HTTP ${response.status}`,
        );
      }
      pages.push(JSON.parse(response.body.toString('utf8')) as unknown);
      const next = nextLink(response.headers.link);
      if (next !== undefined && new URL(next, url).origin !== base.origin) {
        throw new FoederaError('invalid-catalog', `Catalog of "${peer}" links to another origin: ${next}`);
      }
      url = next === undefined ? undefined : new URL(next, url).toString();
    }
    return pages;
  };
}
