/**
 * One dataset of the federated catalog: label banner, description, and its offers in words, each with Request
 * access (and the purpose to declare, when the offer names the purposes it permits).
 */
import { useId, useState } from 'react';
import { settle, type Api } from '../api/client.ts';
import type { CatalogItem } from '../api/resources.ts';
import { Labelled, LabelDetails } from '../labels/label-banner.tsx';
import type { PeerBook } from '../peers/peer-book.ts';
import { formatBytes } from '../transfers/transfer-progress.tsx';
import { accessRequest, offerPurposes, providerOf } from './request-access.ts';

type Outcome = { readonly text: string; readonly failed: boolean };

export function DatasetCard(props: { item: CatalogItem; api: Api; peers: PeerBook }) {
  const { item } = props;
  const own = item.peer === undefined;
  return (
    <Labelled label={item.label}>
      <h2>{item.title}</h2>
      <p className="hint">
        {own ? 'Published by this node' : `Published by ${providerOf(item)}`} ·{' '}
        <span className="mono">{item.id}</span>
      </p>
      {item.description !== '' && <p>{item.description}</p>}
      {(item.keywords.length > 0 || item.formats.length > 0) && (
        <p>
          {[...item.keywords, ...item.formats].map((k) => (
            <span key={k} className="tag tag-light">
              {k}
            </span>
          ))}
          {item.byteSize !== undefined && <span className="tag tag-light">{formatBytes(item.byteSize)}</span>}
        </p>
      )}
      <LabelDetails label={item.label} />
      <h3 className="offers-title">Offers</h3>
      <ul className="plain offers">
        {item.offers.map((offer, index) => (
          <OfferRow key={offer.id} {...props} offerId={offer.id} number={index + 1} own={own} />
        ))}
      </ul>
      {own && <p className="hint">Published here: peers see it when its label releases it to them.</p>}
    </Labelled>
  );
}

function OfferRow(props: {
  item: CatalogItem;
  api: Api;
  peers: PeerBook;
  offerId: string;
  number: number;
  own: boolean;
}) {
  const { item, offerId, number } = props;
  const offer = item.offers.find((o) => o.id === offerId);
  const purposes = offerPurposes(offer?.policy);
  const [purpose, setPurpose] = useState(purposes[0] ?? '');
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const [busy, setBusy] = useState(false);
  const purposeId = useId();

  async function request(): Promise<void> {
    const built = accessRequest({
      item,
      offerId,
      peers: props.peers,
      ...(purposes.length === 0 ? {} : { purpose }),
    });
    if (!built.ok) return setOutcome({ text: built.reason, failed: true });
    setBusy(true);
    const result = await settle(props.api.POST('/v1/negotiations', { body: built.body }));
    setBusy(false);
    setOutcome(
      result.ok
        ? {
            text: `Access requested from ${built.body.provider}: follow it under Negotiations`,
            failed: false,
          }
        : { text: `Cannot request access: ${result.message}`, failed: true },
    );
  }

  return (
    <li>
      <span className="offer-text">
        <strong>Offer {number}.</strong> {offer?.summary}
      </span>
      {!props.own && (
        <span className="offer-actions">
          {purposes.length > 0 && (
            <>
              <label htmlFor={purposeId}>Purpose</label>
              <select id={purposeId} value={purpose} onChange={(e) => setPurpose(e.target.value)}>
                {purposes.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            </>
          )}
          <button
            type="button"
            className="secondary"
            disabled={busy}
            aria-label={`Request access under offer ${number} of ${item.title}`}
            onClick={() => void request()}
          >
            Request access
          </button>
        </span>
      )}
      {outcome !== undefined && (
        <p
          className={outcome.failed ? 'notice notice-error' : 'notice notice-info'}
          role={outcome.failed ? 'alert' : 'status'}
        >
          {outcome.text}
          {!outcome.failed && (
            <>
              {' '}
              <a href="#/negotiations">Open Negotiations</a>
            </>
          )}
        </p>
      )}
    </li>
  );
}
