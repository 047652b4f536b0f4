/** Signs a user token (JWT, ES384) with the local identity provider's key. */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { CLAIM, type UserAttributes } from './claims.ts';
import { TOKEN_ALGORITHM, type IdpKey } from './idp-key.ts';

export type TokenRequest = {
  key: IdpKey;
  issuer: string;
  audience: string;
  participant: string;
  subject: string;
  attributes: UserAttributes;
  ttlSeconds: number;
  now: Date;
};

export function issueToken(request: TokenRequest): Promise<string> {
  const iat = Math.floor(request.now.getTime() / 1000);
  return new SignJWT({
    [CLAIM.participant]: request.participant,
    [CLAIM.nationality]: request.attributes.nationality,
    [CLAIM.clearances]: request.attributes.clearances,
    [CLAIM.coi]: request.attributes.coi,
    [CLAIM.roles]: request.attributes.roles,
  })
    .setProtectedHeader({ alg: TOKEN_ALGORITHM, kid: request.key.kid, typ: 'JWT' })
    .setIssuer(request.issuer)
    .setAudience(request.audience)
    .setSubject(request.subject)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + request.ttlSeconds)
    .setJti(randomUUID())
    .sign(request.key.privateKey);
}

/** `8h`, `30m`, `3600s` or a bare number of seconds. */
export function parseTtl(text: string): number | undefined {
  const match = /^(\d+)([smhd]?)$/.exec(text.trim());
  if (match === null) return undefined;
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86_400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  const seconds = Number(match[1]) * unit;
  return seconds > 0 ? seconds : undefined;
}
