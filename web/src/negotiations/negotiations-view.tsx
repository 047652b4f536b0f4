/** The user's negotiations, refreshed every two seconds, each with its path through the protocol states. */
import type { Capabilities } from '../api/capabilities.ts';
import { OPERATIONS, readNegotiations } from '../api/resources.ts';
import { useResource } from '../api/use-resource.ts';
import { participantName } from '../labels/marking.ts';
import { LoadedView } from '../shell/loaded-view.tsx';
import { NegotiationSteps } from './negotiation-steps.tsx';

export function NegotiationsView(props: { token: string; capabilities: Capabilities }) {
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
                <li key={n.id} className="card">
                  <h2>{n.dataset === '' ? n.id : n.dataset}</h2>
                  <p className="hint">
                    With {participantName(n.counterparty)} · <span className="mono">{n.id}</span>
                    {n.agreementId === undefined ? '' : ` · agreement ${n.agreementId}`}
                  </p>
                  <NegotiationSteps
                    state={n.state}
                    {...(n.reached === undefined ? {} : { reached: n.reached })}
                    {...(n.reason === undefined ? {} : { reason: n.reason })}
                  />
                </li>
              ))}
            </ul>
          )
        }
      </LoadedView>
    </section>
  );
}
