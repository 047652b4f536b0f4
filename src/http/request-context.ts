/** What the node's hooks attach to each request before a route plugin sees it. */
import type { ParticipantIdentity } from '../trust/participant-identity.ts';
import type { UserClaims } from '../trust/tokens/claims.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Protocol surface: the calling participant, from its mutual-TLS certificate. */
    peer?: ParticipantIdentity;
    /** Management surface: the authenticated user, from the bearer token. */
    user?: UserClaims;
  }
  interface FastifyContextConfig {
    /** Management routes that need no token (health, discovery, OpenAPI). */
    public?: boolean;
  }
}

export {};
