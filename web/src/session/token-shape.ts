/** A JWT has three base64url parts; anything else is refused before it is sent anywhere. */
export function tokenShapeError(text: string): string | undefined {
  const token = text.trim();
  if (token === '') return 'Paste the token that `foedera token issue` printed';
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token))
    return 'This is not a token: expected three base64url parts separated by dots';
  return undefined;
}
