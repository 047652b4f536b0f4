/**
 * The federated catalog as an index by dataset id, so that lists of negotiations, transfers and received objects
 * read as dataset names with their labels; and which dataset each agreement is about, from the negotiations.
 */
import { useMemo } from 'react';
import type { Capabilities } from '../api/capabilities.ts';
import { OPERATIONS, readCatalog, readNegotiations, type CatalogItem } from '../api/resources.ts';
import { useResource } from '../api/use-resource.ts';

export function useCatalogIndex(props: {
  token: string;
  capabilities: Capabilities;
}): ReadonlyMap<string, CatalogItem> {
  const { loaded } = useResource({
    ...props,
    operation: OPERATIONS.catalog,
    path: '/v1/catalog?limit=500',
    read: readCatalog,
  });
  return useMemo(
    () => new Map(loaded.status === 'ready' ? loaded.value.map((item) => [item.id, item]) : []),
    [loaded],
  );
}

export function useDatasetTitles(props: {
  token: string;
  capabilities: Capabilities;
}): ReadonlyMap<string, string> {
  const index = useCatalogIndex(props);
  return useMemo(() => new Map([...index].map(([id, item]) => [id, item.title])), [index]);
}

/** Agreement id → dataset id, for the agreements this node's negotiations reached. */
export function useAgreementTargets(props: {
  token: string;
  capabilities: Capabilities;
}): ReadonlyMap<string, string> {
  const { loaded } = useResource({
    ...props,
    operation: OPERATIONS.negotiations,
    path: '/v1/negotiations?state=FINALIZED&limit=500',
    read: readNegotiations,
  });
  return useMemo(
    () =>
      new Map(
        loaded.status === 'ready'
          ? loaded.value.flatMap((n) => (n.agreementId === undefined ? [] : [[n.agreementId, n.dataset]]))
          : [],
      ),
    [loaded],
  );
}
