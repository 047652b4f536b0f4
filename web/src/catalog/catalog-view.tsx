/**
 * The federated catalog: every dataset this user may see, across the federation, framed by its label banner, with
 * its usage offers and a button per offer to request access (a contract negotiation with the publisher).
 */
import { useState } from 'react';
import type { Capabilities } from '../api/capabilities.ts';
import type { Api } from '../api/client.ts';
import { OPERATIONS, readCatalog } from '../api/resources.ts';
import { useResource } from '../api/use-resource.ts';
import { PeersPanel } from '../peers/peers-panel.tsx';
import { usePeerBook } from '../peers/use-peer-book.ts';
import { LoadedView } from '../shell/loaded-view.tsx';
import { DatasetCard } from './dataset-card.tsx';

export function CatalogView(props: { api: Api; token: string; capabilities: Capabilities }) {
  const [query, setQuery] = useState('');
  const peers = usePeerBook();
  const path = `/v1/catalog${query === '' ? '' : `?q=${encodeURIComponent(query)}`}`;
  const { loaded, reload } = useResource({
    ...props,
    operation: OPERATIONS.catalog,
    path,
    read: readCatalog,
  });
  return (
    <section aria-labelledby="catalog-title">
      <h1 id="catalog-title" tabIndex={-1}>
        Federated catalog
      </h1>
      <p className="lead">
        This node’s datasets and those its peers release to it. Each carries its confidentiality label; access
        to another participant’s dataset is negotiated under one of its offers.
      </p>
      <div className="toolbar" role="search">
        <div className="field">
          <label htmlFor="catalog-q">Search datasets</label>
          <input id="catalog-q" type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
        </div>
      </div>
      <PeersPanel api={props.api} peers={peers} onRefreshed={reload} />
      <LoadedView loaded={loaded} what="the federated catalog" operations={[OPERATIONS.catalog]}>
        {(items) =>
          items.length === 0 ? (
            <p>No dataset you may see matches.</p>
          ) : (
            items.map((item) => (
              <DatasetCard key={`${item.peer ?? ''}|${item.id}`} item={item} api={props.api} peers={peers} />
            ))
          )
        }
      </LoadedView>
    </section>
  );
}
