/**
 * The federated catalog: every dataset this user may see, across the federation, framed by its label banner, with
 * its usage offers and a button to request access (which starts a negotiation with the publisher).
 */
import { useState } from 'react';
import { serves, type Capabilities } from '../api/capabilities.ts';
import { requestJson } from '../api/client.ts';
import { OPERATIONS, readCatalog, type CatalogItem } from '../api/resources.ts';
import { useResource } from '../api/use-resource.ts';
import { Labelled, LabelDetails } from '../labels/label-banner.tsx';
import { participantName } from '../labels/marking.ts';
import { LoadedView } from '../shell/loaded-view.tsx';

export function CatalogView(props: { token: string; capabilities: Capabilities }) {
  const [query, setQuery] = useState('');
  const path = `/v1/catalog${query === '' ? '' : `?q=${encodeURIComponent(query)}`}`;
  const { loaded } = useResource({ ...props, operation: OPERATIONS.catalog, path, read: readCatalog });
  return (
    <section aria-labelledby="catalog-title">
      <h1 id="catalog-title" tabIndex={-1}>
        Federated catalog
      </h1>
      <div className="toolbar" role="search">
        <div className="field">
          <label htmlFor="catalog-q">Search datasets</label>
          <input id="catalog-q" type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
        </div>
      </div>
      <LoadedView loaded={loaded} what="the federated catalog" operations={[OPERATIONS.catalog]}>
        {(items) =>
          items.length === 0 ? (
            <p>No dataset you may see matches.</p>
          ) : (
            items.map((item) => <Dataset key={item.id} item={item} {...props} />)
          )
        }
      </LoadedView>
    </section>
  );
}

function Dataset(props: { item: CatalogItem; token: string; capabilities: Capabilities }) {
  const { item } = props;
  const [outcome, setOutcome] = useState<string | undefined>();
  const canRequest = serves(props.capabilities, OPERATIONS.startNegotiation);
  async function request(offerId: string): Promise<void> {
    const result = await requestJson(props.token, {
      method: 'POST',
      path: '/v1/negotiations',
      body: { provider: item.peer ?? item.publisher, dataset: item.id, offer: offerId },
    });
    setOutcome(result.ok ? 'Access requested: follow it under Negotiations' : result.message);
  }
  return (
    <Labelled label={item.label}>
      <h2>{item.title}</h2>
      <p className="hint">
        Published by {participantName(item.publisher)} · <span className="mono">{item.id}</span>
      </p>
      {item.description !== '' && <p>{item.description}</p>}
      {(item.keywords.length > 0 || item.formats.length > 0) && (
        <p>
          {[...item.keywords, ...item.formats].map((k) => (
            <span key={k} className="tag tag-light">
              {k}
            </span>
          ))}
        </p>
      )}
      <LabelDetails label={item.label} />
      <ul className="plain offers">
        {item.offers.map((offer) => (
          <li key={offer.id}>
            {offer.summary}{' '}
            {canRequest && (
              <button type="button" className="secondary" onClick={() => void request(offer.id)}>
                Request access
              </button>
            )}
          </li>
        ))}
      </ul>
      {outcome !== undefined && <p role="status">{outcome}</p>}
    </Labelled>
  );
}
