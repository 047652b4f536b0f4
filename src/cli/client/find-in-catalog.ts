/**
 * Finds a peer's dataset in this node's federated cache, so that a negotiation or a transfer can be started from a
 * dataset id alone: the provider and the offer are read from what the provider published.
 */
import type { ManagementClient } from './management-client.ts';
import type { CatalogDataset } from './views.ts';

const PAGE = 500;

export async function findPeerDataset(
  client: ManagementClient,
  options: { dataset: string; peer?: string },
): Promise<{ dataset: CatalogDataset; peer: string } | undefined> {
  for (let offset: number | undefined = 0; offset !== undefined;) {
    const page = await client.searchCatalog({
      limit: PAGE,
      offset,
      ...(options.peer === undefined ? {} : { peer: options.peer }),
    });
    for (const item of page.items) {
      if ('peer' in item && 'dataset' in item && item.dataset.id === options.dataset) return item;
    }
    offset = typeof page.next === 'number' ? page.next : undefined;
  }
  return undefined;
}
