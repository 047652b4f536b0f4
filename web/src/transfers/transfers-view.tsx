/** Transfers of agreed datasets with their progress, refreshed every second while any is running. */
import type { Capabilities } from '../api/capabilities.ts';
import { OPERATIONS, readTransfers } from '../api/resources.ts';
import { useResource } from '../api/use-resource.ts';
import { LoadedView } from '../shell/loaded-view.tsx';
import { useDatasetTitles } from '../catalog/use-titles.ts';
import { TransferProgress } from './transfer-progress.tsx';

export function TransfersView(props: { token: string; capabilities: Capabilities }) {
  const titles = useDatasetTitles(props);
  const { loaded } = useResource({
    ...props,
    operation: OPERATIONS.transfers,
    path: '/v1/transfers',
    read: readTransfers,
    pollMs: 1000,
  });
  return (
    <section aria-labelledby="transfers-title">
      <h1 id="transfers-title" tabIndex={-1}>
        Transfers
      </h1>
      <LoadedView loaded={loaded} what="transfers" operations={[OPERATIONS.transfers]}>
        {(rows) =>
          rows.length === 0 ? (
            <p>No transfer yet: start one from a finalized negotiation.</p>
          ) : (
            <ul className="plain cards" aria-live="polite">
              {rows.map((t) => (
                <li key={t.id} className="card">
                  <h2>{titles.get(t.dataset) ?? (t.dataset === '' ? t.id : t.dataset)}</h2>
                  <p className="hint">
                    Agreement <span className="mono">{t.agreementId}</span>
                  </p>
                  <TransferProgress
                    state={t.state}
                    {...(t.bytesDone === undefined ? {} : { bytesDone: t.bytesDone })}
                    {...(t.bytesTotal === undefined ? {} : { bytesTotal: t.bytesTotal })}
                    {...(t.reason === undefined ? {} : { reason: t.reason })}
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
