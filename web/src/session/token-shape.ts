/** What the sign-in field accepts: a token, or a whole login link (`…/console/#token=…`) pasted as it was printed. */
export function extractToken(text: string): string {
  const token = text.trim();
  const link = /#token=([^&\s]+)$/.exec(token);
  return link?.[1] ?? token;
}

/** A JWT has three base64url parts; anything else is refused before it is sent anywhere. */
export function tokenShapeError(text: string): string | undefined {
  const token = extractToken(text);
  if (token === '') return 'Paste the token that `foedera token issue` printed, or a login link';
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token))
    return 'This is not a token: expected three base64url parts separated by dots';
  return undefined;
}
