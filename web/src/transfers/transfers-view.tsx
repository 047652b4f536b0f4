/**
 * Transfers of agreed datasets, refreshed every second. For one this node pulls, the data plane's progress shows how
 * much of the encrypted object has arrived and verified, until it is received (then it opens under Received data).
 */
import type { Capabilities } from '../api/capabilities.ts';
import { OPERATIONS, readProgress, readTransfers, type TransferRow } from '../api/resources.ts';
import { serves } from '../api/capabilities.ts';
import { useResource } from '../api/use-resource.ts';
import { useDatasetTitles } from '../catalog/use-titles.ts';
import { LoadedView } from '../shell/loaded-view.tsx';
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
                <Transfer key={t.id} row={t} title={titles.get(t.dataset)} {...props} />
              ))}
            </ul>
          )
        }
      </LoadedView>
    </section>
  );
}

function Transfer(props: {
  row: TransferRow;
  title: string | undefined;
  token: string;
  capabilities: Capabilities;
}) {
  const { row: t } = props;
  const pulls = t.role !== 'provider' && serves(props.capabilities, OPERATIONS.progress);
  const { loaded } = useResource({
    ...props,
    operation: pulls ? OPERATIONS.progress : 'none',
    path: `/v1/dataplane/transfers/${encodeURIComponent(t.id)}/progress`,
    read: readProgress,
    ...(t.state === 'COMPLETED' || t.state === 'TERMINATED' ? {} : { pollMs: 1000 }),
  });
  const progress = loaded.status === 'ready' ? loaded.value : undefined;
  return (
    <li className="card">
      <h2>{props.title ?? (t.dataset === '' ? t.id : t.dataset)}</h2>
      <p className="hint">
        {t.role === 'provider'
          ? `Sent to ${t.counterparty ?? 'a peer'}`
          : `Pulled from ${t.counterparty ?? 'a peer'}`}{' '}
        · agreement <span className="mono">{t.agreementId}</span>
      </p>
      <TransferProgress
        state={t.state}
        {...(progress === undefined || progress.bytesTotal === 0
          ? {}
          : { bytesDone: progress.bytesDone, bytesTotal: progress.bytesTotal })}
        {...(progress?.error === undefined ? {} : { reason: progress.error })}
      />
      {progress?.state === 'received' && (
        <p>
          Received and verified: <a href="#/received">open it under Received data</a>.
        </p>
      )}
    </li>
  );
}
