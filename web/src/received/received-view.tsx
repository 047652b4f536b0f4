/**
 * Data this node received under agreements. Opening asks the node to decrypt it for the signed-in user: the owner's
 * key service and its decision point allow or refuse, and a refusal is shown with the reason they gave. An opened
 * imagery set lists its files, a table shows its first rows, and either can be saved.
 */
import { useEffect, useState } from 'react';
import { serves, type Capabilities } from '../api/capabilities.ts';
import { problemMessage } from '../api/client.ts';
import { OPERATIONS, readReceived, type CatalogItem, type ReceivedRow } from '../api/resources.ts';
import { useResource } from '../api/use-resource.ts';
import { useAgreementTargets, useCatalogIndex } from '../catalog/use-titles.ts';
import { Labelled } from '../labels/label-banner.tsx';
import { LoadedView } from '../shell/loaded-view.tsx';
import { formatBytes } from '../transfers/transfer-progress.tsx';
import { previewOf, type Preview } from './preview.ts';

export function ReceivedView(props: { token: string; capabilities: Capabilities }) {
  const { loaded } = useResource({
    ...props,
    operation: OPERATIONS.received,
    path: '/v1/dataplane/received',
    read: readReceived,
    pollMs: 3000,
  });
  const catalog = useCatalogIndex(props);
  const targets = useAgreementTargets(props);
  return (
    <section aria-labelledby="received-title">
      <h1 id="received-title" tabIndex={-1}>
        Received data
      </h1>
      <LoadedView loaded={loaded} what="received data" operations={[OPERATIONS.received]}>
        {(rows) =>
          rows.length === 0 ? (
            <p>Nothing received yet: start a transfer from a finalized negotiation.</p>
          ) : (
            rows.map((row) => (
              <Received
                key={row.objectId}
                row={row}
                dataset={catalog.get(targets.get(row.agreementId) ?? '')}
                {...props}
              />
            ))
          )
        }
      </LoadedView>
    </section>
  );
}

type Opened =
  { kind: 'opened'; url: string; size: number; preview: Preview } | { kind: 'refused'; reason: string };

function Received(props: {
  row: ReceivedRow;
  dataset: CatalogItem | undefined;
  token: string;
  capabilities: Capabilities;
}) {
  const { row, dataset } = props;
  const [opened, setOpened] = useState<Opened | undefined>();
  const [busy, setBusy] = useState(false);
  useEffect(() => () => (opened?.kind === 'opened' ? URL.revokeObjectURL(opened.url) : undefined), [opened]);

  async function open(): Promise<void> {
    setBusy(true);
    try {
      const response = await fetch(`/v1/dataplane/objects/${encodeURIComponent(row.objectId)}/plaintext`, {
        headers: { authorization: `Bearer ${props.token}` },
      });
      if (!response.ok) {
        const body: unknown = await response.json().catch(() => undefined);
        setOpened({ kind: 'refused', reason: problemMessage(body, `The node refused (${response.status})`) });
        return;
      }
      const bytes = new Uint8Array(await response.arrayBuffer());
      // A stream cut short of its declared length means a segment failed its check after the answer began.
      if (bytes.length !== row.plaintextSize && row.plaintextSize > 0) {
        setOpened({
          kind: 'refused',
          reason: 'The plaintext arrived incomplete: a segment failed its check',
        });
        return;
      }
      const url = URL.createObjectURL(new Blob([bytes]));
      setOpened({ kind: 'opened', url, size: bytes.length, preview: previewOf(bytes) });
    } catch (cause) {
      setOpened({ kind: 'refused', reason: problemMessage(cause, 'Cannot reach the node') });
    } finally {
      setBusy(false);
    }
  }

  const title = dataset?.title ?? row.objectId;
  const body = (
    <>
      <h2>{title}</h2>
      <p className="hint">
        From {row.owner} · agreement <span className="mono">{row.agreementId}</span> ·{' '}
        {formatBytes(row.plaintextSize)} · {row.state}
        {row.lease ? ' · opens offline until its lease ends' : ''}
      </p>
      {serves(props.capabilities, OPERATIONS.open) && (
        <button
          type="button"
          className="secondary"
          disabled={busy || row.state !== 'complete'}
          aria-label={`Open ${title}`}
          onClick={() => void open()}
        >
          {busy ? 'Opening…' : 'Open'}
        </button>
      )}
      {opened?.kind === 'opened' && (
        <div role="status">
          <p>
            Decrypted and verified {formatBytes(opened.size)}:{' '}
            <a href={opened.url} download={dataset?.fileName ?? row.objectId}>
              save the plaintext
            </a>{' '}
            (this use is in the audit log).
          </p>
          <PreviewView preview={opened.preview} />
        </div>
      )}
      {opened?.kind === 'refused' && (
        <p className="notice notice-error" role="alert">
          Cannot open: {opened.reason}
        </p>
      )}
    </>
  );
  return dataset === undefined ? (
    <article className="card">{body}</article>
  ) : (
    <Labelled label={dataset.label}>{body}</Labelled>
  );
}

function PreviewView(props: { preview: Preview }) {
  const { preview } = props;
  switch (preview.kind) {
    case 'none':
      return null;
    case 'archive': {
      // Annotations and manifests say most about an archive; its many images come after them.
      const image = (name: string): boolean => /\.(png|jpe?g|tiff?)$/i.test(name);
      const shown = [
        ...preview.files.filter((f) => !image(f.name)),
        ...preview.files.filter((f) => image(f.name)),
      ].slice(0, 8);
      return (
        <details open>
          <summary>{preview.files.length} files in the archive</summary>
          <ul className="files">
            {shown.map((f) => (
              <li key={f.name}>
                <span className="mono">{f.name}</span> {formatBytes(f.size)}
              </li>
            ))}
            {preview.files.length > shown.length && <li>… and {preview.files.length - shown.length} more</li>}
          </ul>
        </details>
      );
    }
    case 'table':
      return (
        <table className="entries preview-table">
          <caption>
            First {preview.rows.length} of {preview.total} rows
          </caption>
          <thead>
            <tr>
              {preview.header.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((r, i) => (
              <tr key={i}>
                {r.map((c, j) => (
                  <td key={j}>{c}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      );
  }
}
