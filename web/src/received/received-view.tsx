/**
 * Data this node received under agreements. Opening asks the node to decrypt it, which the owner's key service and
 * the decision point allow or refuse; a refusal is shown with the reason they gave.
 */
import { useEffect, useState } from 'react';
import { serves, type Capabilities } from '../api/capabilities.ts';
import { problemMessage } from '../api/client.ts';
import { OPERATIONS, readReceived, type ReceivedRow } from '../api/resources.ts';
import { useResource } from '../api/use-resource.ts';
import { Labelled } from '../labels/label-banner.tsx';
import { LoadedView } from '../shell/loaded-view.tsx';
import { formatBytes } from '../transfers/transfer-progress.tsx';

export function ReceivedView(props: { token: string; capabilities: Capabilities }) {
  const { loaded } = useResource({
    ...props,
    operation: OPERATIONS.received,
    path: '/v1/received',
    read: readReceived,
  });
  return (
    <section aria-labelledby="received-title">
      <h1 id="received-title" tabIndex={-1}>
        Received data
      </h1>
      <LoadedView loaded={loaded} what="opening received data" operations={[OPERATIONS.received]}>
        {(rows) =>
          rows.length === 0 ? (
            <p>Nothing received yet.</p>
          ) : (
            rows.map((row) => <Received key={row.id} row={row} {...props} />)
          )
        }
      </LoadedView>
    </section>
  );
}

type Opened = { kind: 'opened'; url: string; size: number } | { kind: 'refused'; reason: string };

function Received(props: { row: ReceivedRow; token: string; capabilities: Capabilities }) {
  const { row } = props;
  const [opened, setOpened] = useState<Opened | undefined>();
  useEffect(() => () => (opened?.kind === 'opened' ? URL.revokeObjectURL(opened.url) : undefined), [opened]);

  async function open(): Promise<void> {
    try {
      const response = await fetch(`/v1/received/${encodeURIComponent(row.id)}/open`, {
        method: 'POST',
        headers: { authorization: `Bearer ${props.token}` },
      });
      if (!response.ok) {
        const body: unknown = await response.json().catch(() => undefined);
        setOpened({ kind: 'refused', reason: problemMessage(body, `The node refused (${response.status})`) });
        return;
      }
      const blob = await response.blob();
      setOpened({ kind: 'opened', url: URL.createObjectURL(blob), size: blob.size });
    } catch (cause) {
      setOpened({ kind: 'refused', reason: problemMessage(cause, 'Cannot reach the node') });
    }
  }

  return (
    <Labelled label={row.label}>
      <h2>{row.title}</h2>
      <p className="hint">
        Agreement <span className="mono">{row.agreementId}</span>
      </p>
      {serves(props.capabilities, OPERATIONS.open) && (
        <button type="button" className="secondary" onClick={() => void open()}>
          Open
        </button>
      )}
      {opened?.kind === 'opened' && (
        <p role="status">
          Decrypted {formatBytes(opened.size)}:{' '}
          <a href={opened.url} download={row.title}>
            save the plaintext
          </a>{' '}
          (this use is in the audit log).
        </p>
      )}
      {opened?.kind === 'refused' && (
        <p className="notice notice-error" role="alert">
          Cannot open: {opened.reason}
        </p>
      )}
    </Labelled>
  );
}
