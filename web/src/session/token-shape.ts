/** What the sign-in field accepts: a token, or a whole login link (`…/console/#token=…`) pasted as it was printed. */
export function extractToken(text: string): string {
  const token = text.trim();
  const link = /#token=([^&\s]+)(?:&[^\s]*)?$/.exec(token);
  return link?.[1] ?? token;
}

/** The peers a pasted login link names (`&peers=…`), as the text to parse; undefined for a bare token. */
export function extractPeers(text: string): string | undefined {
  const link = /#token=[^&\s]+&peers=([^&\s]*)/.exec(text.trim());
  return link?.[1] === undefined ? undefined : decodeURIComponent(link[1]);
}

/** A JWT has three base64url parts; anything else is refused before it is sent anywhere. */
export function tokenShapeError(text: string): string | undefined {
  const token = extractToken(text);
  if (token === '') return 'Paste the token that `foedera token issue` printed, or a login link';
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token))
    return 'This is not a token: expected three base64url parts separated by dots';
  return undefined;
}
