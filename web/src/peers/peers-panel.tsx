/**
 * The peers this browser knows for this node, each with a button that has the node fetch that peer's catalog over
 * mutual TLS into the federated catalog, and a form to add one (checked as it is typed).
 */
import { useId, useState, type FormEvent } from 'react';
import { settle, type Api } from '../api/client.ts';
import { addressError, participantError, type PeerBook } from './peer-book.ts';
import { rememberPeers } from './peer-storage.ts';

type Status = { readonly peer: string; readonly text: string; readonly failed: boolean };

export function PeersPanel(props: { api: Api; peers: PeerBook; onRefreshed: () => void }) {
  const { api, peers } = props;
  const [status, setStatus] = useState<Status | undefined>();
  const [busy, setBusy] = useState<string | undefined>();

  async function refresh(peer: string, url: string): Promise<void> {
    setBusy(peer);
    const result = await settle(api.POST('/v1/catalog/refresh', { body: { peer, url } }));
    setBusy(undefined);
    if (!result.ok) return setStatus({ peer, text: `${peer}: ${result.message}`, failed: true });
    const count = (result.value as { datasets?: unknown } | undefined)?.datasets;
    setStatus({
      peer,
      text: `${peer} shows this node ${typeof count === 'number' ? count : 'its'} dataset(s)`,
      failed: false,
    });
    props.onRefreshed();
  }

  const entries = Object.entries(peers).sort(([a], [b]) => a.localeCompare(b));
  return (
    <details className="peers" open={entries.length === 0}>
      <summary>Peers ({entries.length})</summary>
      {entries.length === 0 ? (
        <p className="hint">No peer known yet: add one below, or open the login link `npm start` printed.</p>
      ) : (
        <ul className="plain">
          {entries.map(([peer, url]) => (
            <li key={peer} className="peer-row">
              <strong>{peer}</strong> <span className="mono">{url}</span>{' '}
              <button
                type="button"
                className="secondary"
                disabled={busy === peer}
                onClick={() => void refresh(peer, url)}
              >
                {busy === peer ? 'Fetching…' : `Fetch ${peer}’s catalog`}
              </button>
            </li>
          ))}
        </ul>
      )}
      {status !== undefined && (
        <p
          className={status.failed ? 'notice notice-error' : 'notice notice-info'}
          role={status.failed ? 'alert' : 'status'}
        >
          {status.text}
        </p>
      )}
      <AddPeer onAdd={(peer, url) => void refresh(peer, url)} />
    </details>
  );
}

function AddPeer(props: { onAdd: (peer: string, url: string) => void }) {
  const [peer, setPeer] = useState('');
  const [url, setUrl] = useState('');
  const [touched, setTouched] = useState({ peer: false, url: false });
  const ids = { peer: useId(), url: useId() };
  const errors = {
    peer: touched.peer ? participantError(peer) : undefined,
    url: touched.url ? addressError(url) : undefined,
  };
  function submit(event: FormEvent): void {
    event.preventDefault();
    setTouched({ peer: true, url: true });
    if (participantError(peer) !== undefined || addressError(url) !== undefined) return;
    const address = url.replace(/\/+$/, '');
    rememberPeers({ [peer]: address });
    props.onAdd(peer, address);
  }
  return (
    <form className="add-peer" onSubmit={submit} noValidate aria-label="Add a peer">
      <div className="field">
        <label htmlFor={`${ids.peer}-in`}>Participant</label>
        <input
          id={`${ids.peer}-in`}
          value={peer}
          aria-invalid={errors.peer !== undefined}
          aria-describedby={errors.peer === undefined ? undefined : ids.peer}
          onChange={(e) => {
            setPeer(e.target.value.trim().toUpperCase());
            setTouched((t) => ({ ...t, peer: true }));
          }}
        />
        {errors.peer !== undefined && (
          <p id={ids.peer} className="field-error">
            {errors.peer}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${ids.url}-in`}>Protocol address</label>
        <input
          id={`${ids.url}-in`}
          value={url}
          placeholder="https://deu.example:8443/dsp"
          aria-invalid={errors.url !== undefined}
          aria-describedby={errors.url === undefined ? undefined : ids.url}
          onChange={(e) => {
            setUrl(e.target.value.trim());
            setTouched((t) => ({ ...t, url: true }));
          }}
        />
        {errors.url !== undefined && (
          <p id={ids.url} className="field-error">
            {errors.url}
          </p>
        )}
      </div>
      <button type="submit">Add and fetch its catalog</button>
    </form>
  );
}
