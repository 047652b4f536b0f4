/** Dataset titles by id, from the federated catalog, so that lists of negotiations and transfers read as names. */
import { useMemo } from 'react';
import type { Capabilities } from '../api/capabilities.ts';
import { OPERATIONS, readCatalog } from '../api/resources.ts';
import { useResource } from '../api/use-resource.ts';

export function useDatasetTitles(props: {
  token: string;
  capabilities: Capabilities;
}): ReadonlyMap<string, string> {
  const { loaded } = useResource({
    ...props,
    operation: OPERATIONS.catalog,
    path: '/v1/catalog?limit=500',
    read: readCatalog,
  });
  return useMemo(
    () => new Map(loaded.status === 'ready' ? loaded.value.map((item) => [item.id, item.title]) : []),
    [loaded],
  );
}
