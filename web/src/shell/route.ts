/** Hash routes (`#/catalog`): the node serves one static page, so navigation never needs the server. */
import { useEffect, useState } from 'react';

export const ROUTES = [
  { path: 'catalog', title: 'Federated catalog' },
  { path: 'publish', title: 'Publish a dataset' },
  { path: 'negotiations', title: 'Negotiations' },
  { path: 'transfers', title: 'Transfers' },
  { path: 'received', title: 'Received data' },
  { path: 'lineage', title: 'Lineage' },
  { path: 'audit', title: 'Audit log' },
  { path: 'me', title: 'My clearances' },
] as const;

export type RoutePath = (typeof ROUTES)[number]['path'];

function current(): RoutePath {
  const wanted = window.location.hash.replace(/^#\/?/, '').split('?')[0];
  return ROUTES.find((r) => r.path === wanted)?.path ?? 'catalog';
}

export function useRoute(): RoutePath {
  const [route, setRoute] = useState<RoutePath>(current);
  useEffect(() => {
    const update = (): void => setRoute(current());
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
