/**
 * Management routes of the trust module: the caller's own attributes, the revocation list in force, and a probe
 * that calls a peer over mutual TLS (an operator's first check that two nodes of the federation can talk).
 */
import Type from 'typebox';
import type { RoutePlugin } from '../../node/route-plugins.ts';
import { userOf } from '../../http/request-guards.ts';

const Probe = Type.Object(
  {
    url: Type.String({ pattern: '^https://', description: "Peer's protocol endpoint base URL" }),
    participant: Type.Optional(Type.String({ description: 'Participant the peer must be' })),
  },
  { additionalProperties: false },
);

export const trustManagementRoutes: RoutePlugin = {
  name: 'trust',
  surface: 'management',
  prefix: '/v1',
  reasons: { 'peer-refused': 502 },
  create: (context) => async (app) => {
    app.get('/me', { schema: { tags: ['trust'] } }, async (request) => {
      const user = userOf(request);
      return { ...user, expiresAt: user.expiresAt.toISOString() };
    });

    app.get('/trust/revocation', { schema: { tags: ['trust'] } }, async () => {
      const list = context.revocation.current;
      return {
        thisUpdate: list.thisUpdate.toISOString(),
        nextUpdate: list.nextUpdate?.toISOString() ?? null,
        revoked: [...list.revoked],
      };
    });

    app.post<{ Body: { url: string; participant?: string } }>(
      '/federation/probe',
      { schema: { tags: ['trust'], body: Probe } },
      async (request) => {
        const { url, participant } = request.body;
        const response = await context.peers.request({
          url: `${url.replace(/\/$/, '')}/federation/whoami`,
          ...(participant === undefined ? {} : { expectParticipant: participant }),
          signal: AbortSignal.timeout(10_000),
        });
        return {
          status: response.status,
          peer: response.peer.participantId,
          answer: JSON.parse(response.body.toString()) as unknown,
        };
      },
    );
  },
};
