/**
 * Verifies bearer tokens: signature against this node's identity provider key set (local, or an external OIDC
 * provider's JWKS URL), issuer, audience, expiry, then the Foedera attribute claims by schema.
 */
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JWK, type JWTPayload } from 'jose';
import { Value } from 'typebox/value';
import type { Clock } from '../../shared/clock.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { CLAIM, UserAttributesSchema, type UserClaims } from './claims.ts';
import { TOKEN_ALGORITHM } from './idp-key.ts';

export type TokenRefusal = 'token-missing' | 'token-malformed' | 'token-expired' | 'token-invalid';

export type TokenVerifier = {
  /** Verifies a raw `Authorization` header value (`Bearer …`) or undefined when absent. */
  verify(authorization: string | undefined): Promise<Result<UserClaims, TokenRefusal>>;
};

export type TokenVerifierOptions = {
  issuer: string;
  audience: string;
  clock: Clock;
  /** The local identity provider's public keys, or an external provider's key-set URL. */
  keys: { jwks: JWK[] } | { jwksUrl: string };
};

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const keySet =
    'jwks' in options.keys
      ? createLocalJWKSet({ keys: options.keys.jwks })
      : createRemoteJWKSet(new URL(options.keys.jwksUrl));
  return {
    async verify(authorization) {
      if (authorization === undefined || authorization === '')
        return err('token-missing', 'No bearer token given');
      const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(authorization);
      if (match?.[1] === undefined)
        return err('token-malformed', 'Authorization header is not "Bearer <JWT>"');
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(match[1], keySet, {
          issuer: options.issuer,
          audience: options.audience,
          algorithms: [TOKEN_ALGORITHM],
          currentDate: options.clock(),
          requiredClaims: ['exp', 'sub'],
        }));
      } catch (cause) {
        return refusalOf(cause);
      }
      return claimsOf(payload);
    },
  };
}

function refusalOf(cause: unknown): Result<never, TokenRefusal> {
  if (cause instanceof errors.JWTExpired) return err('token-expired', 'Token has expired');
  if (cause instanceof errors.JWSInvalid || cause instanceof errors.JWTInvalid) {
    return err('token-malformed', `Token is malformed: ${cause.message}`);
  }
  const message = cause instanceof Error ? cause.message : String(cause);
  return err('token-invalid', `Token is not valid for this node: ${message}`);
}

function claimsOf(payload: JWTPayload): Result<UserClaims, TokenRefusal> {
  const attributes = {
    nationality: payload[CLAIM.nationality],
    clearances: payload[CLAIM.clearances],
    coi: payload[CLAIM.coi],
    roles: payload[CLAIM.roles],
  };
  const participant = payload[CLAIM.participant];
  if (!Value.Check(UserAttributesSchema, attributes) || typeof participant !== 'string') {
    return err('token-invalid', 'Token lacks valid Foedera attribute claims');
  }
  return ok({
    ...attributes,
    subject: payload.sub ?? '',
    participant,
    issuer: payload.iss ?? '',
    expiresAt: new Date((payload.exp ?? 0) * 1000),
  });
}
