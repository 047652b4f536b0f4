/**
 * The console's shell: sign-in gate, header with the user's nationality and clearances, navigation, and one screen
 * per hash route. Keyboard first: a skip link, a real nav list, focus moved to the heading of each new screen.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { loadCapabilities, type Capabilities } from './api/capabilities.ts';
import { createApi, problemMessage, type Api } from './api/client.ts';
import { IdentityView } from './identity/identity-view.tsx';
import { readMe, type Me } from './identity/me.ts';
import { PublishView } from './publish/publish-view.tsx';
import { SignIn } from './session/sign-in.tsx';
import { forgetToken, storedToken, storeToken, takeTokenFromLocation } from './session/token.ts';
import { PendingView } from './shell/pending-views.tsx';
import { ROUTES, useRoute, type RoutePath } from './shell/route.ts';

type Session = { api: Api; me: Me };

async function signIn(token: string): Promise<Session | string> {
  const api = createApi(token);
  try {
    const { data, error } = await api.GET('/v1/me');
    if (error !== undefined) return problemMessage(error, 'The node refused the token');
    const me = readMe(data);
    return me === undefined ? 'The node answered /v1/me with an unexpected body' : { api, me };
  } catch (cause) {
    return problemMessage(cause, 'Cannot reach the node');
  }
}

export function App() {
  const [session, setSession] = useState<Session | undefined>();
  const [checking, setChecking] = useState(true);
  const [startError, setStartError] = useState<string | undefined>();
  const [capabilities, setCapabilities] = useState<Capabilities>({ operations: new Set() });
  const route = useRoute();
  const main = useRef<HTMLElement>(null);

  const accept = useCallback(async (token: string): Promise<string | undefined> => {
    const result = await signIn(token);
    if (typeof result === 'string') return result;
    storeToken(token);
    setSession(result);
    return undefined;
  }, []);

  useEffect(() => {
    void loadCapabilities().then(setCapabilities, () => undefined);
    const token = takeTokenFromLocation(window.location, window.history) ?? storedToken();
    if (token === undefined) {
      setChecking(false);
      return;
    }
    void accept(token).then((error) => {
      if (error !== undefined) {
        forgetToken();
        setStartError(error);
      }
      setChecking(false);
    });
  }, [accept]);

  useEffect(() => {
    document.title = `${ROUTES.find((r) => r.path === route)?.title ?? ''} · Foedera`;
    main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [route, session]);

  if (checking) return <p className="loading">Signing in…</p>;
  if (session === undefined)
    return <SignIn onToken={accept} {...(startError === undefined ? {} : { initialError: startError })} />;

  const { me } = session;
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top">
        <div className="brand">
          Foedera <span className="node">node {me.participant}</span>
        </div>
        <div className="who" aria-label="Signed in as">
          <span>{me.subject}</span>
          <span className="tag">{me.nationality}</span>
          {Object.entries(me.clearances).map(([p, l]) => (
            <span className="tag tag-muted" key={p}>
              {p}: {l}
            </span>
          ))}
          <button
            type="button"
            className="link"
            onClick={() => {
              forgetToken();
              setSession(undefined);
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      <div className="layout">
        <nav aria-label="Console">
          <ul>
            {ROUTES.map((r) => (
              <li key={r.path}>
                <a href={`#/${r.path}`} aria-current={r.path === route ? 'page' : undefined}>
                  {r.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" ref={main} tabIndex={-1}>
          <Screen route={route} session={session} capabilities={capabilities} />
        </main>
      </div>
    </>
  );
}

function Screen(props: { route: RoutePath; session: Session; capabilities: Capabilities }) {
  const { route, session, capabilities } = props;
  switch (route) {
    case 'me':
      return <IdentityView me={session.me} />;
    case 'publish':
      return <PublishView me={session.me} capabilities={capabilities} />;
    case 'catalog':
    case 'negotiations':
    case 'transfers':
    case 'received':
    case 'audit':
      return <PendingView screen={route} capabilities={capabilities} />;
  }
}
