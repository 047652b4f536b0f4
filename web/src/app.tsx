/**
 * The console's shell: sign-in gate, header with the user's nationality and clearances, navigation, and one screen
 * per hash route. Keyboard first: a skip link, a real nav list, focus moved to the heading of each new screen.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { loadCapabilities, type Capabilities } from './api/capabilities.ts';
import { createApi, problemMessage, UNAUTHORIZED, type Api } from './api/client.ts';
import { AuditView } from './audit/audit-view.tsx';
import { CatalogView } from './catalog/catalog-view.tsx';
import { IdentityView } from './identity/identity-view.tsx';
import { LineageView } from './lineage/lineage-view.tsx';
import { readMe, type Me } from './identity/me.ts';
import { NegotiationsView } from './negotiations/negotiations-view.tsx';
import { PublishView } from './publish/publish-view.tsx';
import { ReceivedView } from './received/received-view.tsx';
import { TransfersView } from './transfers/transfers-view.tsx';
import { SignIn } from './session/sign-in.tsx';
import { forgetToken, storedToken, storeToken, takeTokenFromLocation } from './session/token.ts';
import { ROUTES, useRoute, type RoutePath } from './shell/route.ts';

type Session = { api: Api; token: string; me: Me };

async function signIn(token: string): Promise<Session | string> {
  const api = createApi(token);
  try {
    const { data, error } = await api.GET('/v1/me');
    if (error !== undefined) return problemMessage(error, 'The node refused the token');
    const me = readMe(data);
    return me === undefined ? 'The node answered /v1/me with an unexpected body' : { api, token, me };
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
    setStartError(undefined);
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
    const end = (): void => {
      forgetToken();
      setSession(undefined);
      setStartError('The node no longer accepts your token: sign in again');
    };
    window.addEventListener(UNAUTHORIZED, end);
    return () => window.removeEventListener(UNAUTHORIZED, end);
  }, []);

  const shown = useRef<RoutePath | undefined>(undefined);
  useEffect(() => {
    document.title = `${ROUTES.find((r) => r.path === route)?.title ?? ''} · Foedera`;
    // After navigating, a screen reader starts at the new screen's heading; the first page load keeps the browser's
    // own starting point so that the skip link comes first.
    if (session !== undefined && shown.current !== undefined && shown.current !== route)
      main.current?.querySelector<HTMLElement>('h1')?.focus();
    if (session !== undefined) shown.current = route;
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
      return <PublishView me={session.me} token={session.token} capabilities={capabilities} />;
    case 'catalog':
      return <CatalogView api={session.api} token={session.token} capabilities={capabilities} />;
    case 'negotiations':
      return <NegotiationsView api={session.api} token={session.token} capabilities={capabilities} />;
    case 'transfers':
      return <TransfersView token={session.token} capabilities={capabilities} />;
    case 'received':
      return <ReceivedView token={session.token} capabilities={capabilities} />;
    case 'lineage':
      return <LineageView api={session.api} capabilities={capabilities} />;
    case 'audit':
      return <AuditView token={session.token} capabilities={capabilities} />;
  }
}
