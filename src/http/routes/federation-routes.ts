/**
 * Protocol-surface routes of the trust module: who is calling (proof of mutual TLS for peers and operators), the
 * revocation list this node applies, and a push endpoint for a newer one. A pushed list needs no caller
 * authority beyond mutual TLS: only a list signed by the federation CA and newer than the current one is applied.
 */
import Type from 'typebox';
import type { RoutePlugin } from '../../node/route-plugins.ts';
import { Refusal } from '../refusal.ts';
import { peerOf } from '../request-guards.ts';

const CRL_TYPES = ['application/pkix-crl', 'application/x-pem-file', 'text/plain'];

export const federationRoutes: RoutePlugin = {
  name: 'federation',
  surface: 'protocol',
  prefix: '/federation',
  create: (context) => async (app) => {
    app.addContentTypeParser(
      CRL_TYPES,
      { parseAs: 'string', bodyLimit: 4 * 1024 * 1024 },
      (_req, body, done) => done(null, body),
    );

    app.get(
      '/whoami',
      {
        schema: {
          response: {
            200: Type.Object({
              participant: Type.String(),
              federation: Type.String(),
              caller: Type.String(),
            }),
          },
        },
      },
      async (request) => ({
        participant: context.identity.participantId,
        federation: context.identity.federation,
        caller: peerOf(request).participantId,
      }),
    );

    app.get('/crl', async (_request, reply) =>
      reply.type('application/x-pem-file').send(context.revocation.current.pem),
    );

    app.put('/crl', async (request) => {
      const body = typeof request.body === 'string' ? request.body : '';
      const result = await context.revocation.apply(body);
      if (!result.ok) throw new Refusal(result);
      context.logger.info(
        { outcome: result.value, from: peerOf(request).participantId },
        'Revocation list pushed',
      );
      return { outcome: result.value, thisUpdate: context.revocation.current.thisUpdate.toISOString() };
    });
  },
};
