/** Typed access to what the surface hooks attached; a route that needs it and lacks it is a wiring error. */
import type { FastifyRequest } from 'fastify';
import { FoederaError } from '../shared/errors.ts';
import type { ParticipantIdentity } from '../trust/participant-identity.ts';
import type { UserClaims } from '../trust/tokens/claims.ts';
import './request-context.ts';

export function peerOf(request: FastifyRequest): ParticipantIdentity {
  if (request.peer === undefined) throw new FoederaError('internal', `No peer identity on ${request.url}`);
  return request.peer;
}

export function userOf(request: FastifyRequest): UserClaims {
  if (request.user === undefined)
    throw new FoederaError('internal', `No authenticated user on ${request.url}`);
  return request.user;
}
