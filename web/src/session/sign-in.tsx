/** Sign-in: paste a token issued by this node's identity provider (`foedera token issue`), or follow a login link. */
import { useId, useState, type FormEvent } from 'react';
import { parsePeers } from '../peers/peer-book.ts';
import { rememberPeers } from '../peers/peer-storage.ts';
import { extractPeers, extractToken, tokenShapeError } from './token-shape.ts';

export function SignIn(props: {
  onToken: (token: string) => Promise<string | undefined>;
  initialError?: string;
}) {
  const [token, setToken] = useState('');
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState<string | undefined>(props.initialError);
  const [busy, setBusy] = useState(false);
  const hintId = useId();
  const errorId = useId();
  const shape = touched ? tokenShapeError(token) : undefined;
  const shown = shape ?? error;

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setTouched(true);
    if (tokenShapeError(token) !== undefined) return;
    setBusy(true);
    const peers = extractPeers(token);
    if (peers !== undefined) rememberPeers(parsePeers(peers));
    setError(await props.onToken(extractToken(token)));
    setBusy(false);
  }

  return (
    <main id="main" className="sign-in" tabIndex={-1}>
      <h1>Sign in to this Foedera node</h1>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <label htmlFor="token">Access token</label>
        <p id={hintId} className="hint">
          Ask your node operator, or run{' '}
          <code>foedera token issue --home &lt;participant home&gt; --user &lt;you&gt;</code>. A login link
          printed by <code>npm start</code> signs you in directly.
        </p>
        <textarea
          id="token"
          name="token"
          rows={5}
          spellCheck={false}
          autoComplete="off"
          value={token}
          aria-invalid={shown !== undefined}
          aria-describedby={shown === undefined ? hintId : `${hintId} ${errorId}`}
          onChange={(e) => {
            setToken(e.target.value);
            setTouched(true);
            setError(undefined);
          }}
        />
        {shown !== undefined && (
          <p id={errorId} className="field-error" role="alert">
            {shown}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
