/**
 * Where the console keeps the user's token: in this tab's session storage only (closed tab, signed out). A login
 * link `…/console/#token=…` hands one over; it is taken out of the address bar at once.
 */
const KEY = 'foedera.token';

export function takeTokenFromLocation(location: Location, history: History): string | undefined {
  const match = /^#token=([A-Za-z0-9._~-]+)$/.exec(location.hash);
  if (match?.[1] === undefined) return undefined;
  history.replaceState(null, '', `${location.pathname}${location.search}#/catalog`);
  return match[1];
}

export const storedToken = (): string | undefined => sessionStorage.getItem(KEY) ?? undefined;
export const storeToken = (token: string): void => sessionStorage.setItem(KEY, token);
export const forgetToken = (): void => sessionStorage.removeItem(KEY);
