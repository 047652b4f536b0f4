/**
 * The node's negotiations, refreshed every two seconds, each with its path through the protocol states; a
 * finalized one this node asked for offers to start the transfer under its agreement.
 */
import { useState } from 'react';
import type { Capabilities } from '../api/capabilities.ts';
import { settle, type Api } from '../api/client.ts';
import { OPERATIONS, readNegotiations, type NegotiationRow } from '../api/resources.ts';
import { useResource } from '../api/use-resource.ts';
import type { PeerBook } from '../peers/peer-book.ts';
import { usePeerBook } from '../peers/use-peer-book.ts';
import { LoadedView } from '../shell/loaded-view.tsx';
import { useDatasetTitles } from '../catalog/use-titles.ts';
import { NegotiationSteps } from './negotiation-steps.tsx';
import { transferRequest } from './start-transfer.ts';

export function NegotiationsView(props: { api: Api; token: string; capabilities: Capabilities }) {
  const peers = usePeerBook();
  const titles = useDatasetTitles(props);
  const { loaded } = useResource({
    ...props,
    operation: OPERATIONS.negotiations,
    path: '/v1/negotiations',
    read: readNegotiations,
    pollMs: 2000,
  });
  return (
    <section aria-labelledby="negotiations-title">
      <h1 id="negotiations-title" tabIndex={-1}>
        Negotiations
      </h1>
      <LoadedView loaded={loaded} what="contract negotiations" operations={[OPERATIONS.negotiations]}>
        {(rows) =>
          rows.length === 0 ? (
            <p>No negotiation yet: request access to a dataset from the catalog.</p>
          ) : (
            <ul className="plain cards" aria-live="polite">
              {rows.map((n) => (
                <Negotiation key={n.id} row={n} api={props.api} peers={peers} title={titles.get(n.dataset)} />
              ))}
            </ul>
          )
        }
      </LoadedView>
    </section>
  );
}

function Negotiation(props: { row: NegotiationRow; api: Api; peers: PeerBook; title: string | undefined }) {
  const { row: n } = props;
  const [outcome, setOutcome] = useState<{ text: string; failed: boolean } | undefined>();
  const [busy, setBusy] = useState(false);
  const asked = n.role !== 'provider';

  async function startTransfer(flow: 'pull' | 'push'): Promise<void> {
    const built = transferRequest(n, props.peers, flow);
    if (!built.ok) return setOutcome({ text: built.reason, failed: true });
    setBusy(true);
    const result = await settle(props.api.POST('/v1/transfers', { body: built.body }));
    setBusy(false);
    setOutcome(
      result.ok
        ? { text: 'Transfer requested: follow it under Transfers', failed: false }
        : { text: `Cannot start the transfer: ${result.message}`, failed: true },
    );
  }

  return (
    <li className="card">
      <h2>{props.title ?? (n.dataset === '' ? n.id : n.dataset)}</h2>
      <p className="hint">
        {asked ? `Asked of ${n.counterparty}` : `Asked by ${n.counterparty}`} ·{' '}
        <span className="mono">{n.id}</span>
        {n.agreementId === undefined ? '' : ' · agreement '}
        {n.agreementId !== undefined && <span className="mono">{n.agreementId}</span>}
      </p>
      <NegotiationSteps
        state={n.state}
        {...(n.reached === undefined ? {} : { reached: n.reached })}
        {...(n.reason === undefined ? {} : { reason: n.reason })}
      />
      {asked && n.state === 'FINALIZED' && n.agreementId !== undefined && (
        <>
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() => void startTransfer('pull')}
          >
            Start transfer
          </button>{' '}
          <button
            type="button"
            disabled={busy}
            title={`${n.counterparty} pushes the data into this node`}
            onClick={() => void startTransfer('push')}
          >
            Have it pushed
          </button>
        </>
      )}
      {outcome !== undefined && (
        <p
          className={outcome.failed ? 'notice notice-error' : 'notice notice-info'}
          role={outcome.failed ? 'alert' : 'status'}
        >
          {outcome.text} {!outcome.failed && <a href="#/transfers">Open Transfers</a>}
        </p>
      )}
    </li>
  );
}
