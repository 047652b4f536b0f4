/**
 * Management routes of the trust module: the caller's own attributes, the revocation list in force, and a probe
 * that calls a peer over mutual TLS (an operator's first check that two nodes of the federation can talk).
 */
import Type from 'typebox';
import type { RoutePlugin } from '../../node/route-plugins.ts';
import { userOf } from '../../http/request-guards.ts';
import { FoederaError } from '../../shared/errors.ts';
import type { TrustEventKind } from '../../trust/events/trust-event-log.ts';

const EVENT_KINDS: readonly TrustEventKind[] = ['tls-refused', 'crl-applied', 'node-started', 'node-stopped'];

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

    app.get<{ Querystring: { limit: number; kind?: TrustEventKind } }>(
      '/trust/events',
      {
        schema: {
          tags: ['trust'],
          querystring: Type.Object({
            limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
            kind: Type.Optional(Type.Union(EVENT_KINDS.map((k) => Type.Literal(k)))),
          }),
        },
      },
      async (request) => {
        const events = await context.trustEvents.list(request.query);
        return { events: events.map((e) => ({ ...e, at: e.at.toISOString() })) };
      },
    );

    app.get<{ Params: { sha256: string } }>(
      '/trust/crl/:sha256',
      {
        schema: {
          tags: ['trust'],
          params: Type.Object({ sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) }),
        },
      },
      async (request, reply) => {
        // Only lists this node applied: the blob store also holds other modules' objects, which are not to be served here.
        if (!(await context.trustEvents.appliedCrl(request.params.sha256))) {
          throw new FoederaError(
            'not-found',
            `No revocation list "${request.params.sha256}" kept by this node`,
          );
        }
        return reply
          .type('application/x-pem-file')
          .send(await context.stores.blobs.get(request.params.sha256));
      },
    );

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
