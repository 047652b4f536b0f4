/**
 * Where the console keeps the user's token: in this tab's session storage only (closed tab, signed out). A login
 * link `…/console/#token=…[&peers=…]` hands one over, with where the node's peers listen; both are taken out of the
 * address bar at once.
 */
import { parsePeers } from '../peers/peer-book.ts';
import { rememberPeers } from '../peers/peer-storage.ts';

const KEY = 'foedera.token';

export function takeTokenFromLocation(location: Location, history: History): string | undefined {
  const match = /^#token=([A-Za-z0-9._~-]+)(?:&peers=([^&]*))?$/.exec(location.hash);
  if (match?.[1] === undefined) return undefined;
  history.replaceState(null, '', `${location.pathname}${location.search}#/catalog`);
  if (match[2] !== undefined) rememberPeers(parsePeers(decodeURIComponent(match[2])));
  return match[1];
}

export const storedToken = (): string | undefined => sessionStorage.getItem(KEY) ?? undefined;
export const storeToken = (token: string): void => sessionStorage.setItem(KEY, token);
export const forgetToken = (): void => sessionStorage.removeItem(KEY);
