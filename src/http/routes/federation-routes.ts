/**
 * Protocol-surface routes of the trust module: who is calling (proof of mutual TLS for peers and operators), the
 * revocation list this node applies, and a push endpoint for a newer one. A pushed list needs no caller authority:
 * only a list signed by the federation CA and newer than the current one is applied. So both revocation list routes
 * are open to a client without a certificate, which is how the CA operator (`foedera participant revoke`), who holds
 * no participant certificate, reaches nodes outside the shared federation directory. A client that presents a
 * certificate is still checked by the TLS admission, so a revoked participant cannot push.
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
  reasons: { 'crl-not-yet-valid': 422 },
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

    app.get('/crl', { config: { anonymous: true } }, async (_request, reply) =>
      reply.type('application/x-pem-file').send(context.revocation.current.pem),
    );

    app.put('/crl', { config: { anonymous: true } }, async (request, reply) => {
      const body = typeof request.body === 'string' ? request.body : '';
      const from = request.peer?.participantId ?? 'a client without certificate';
      const result = await context.revocation.apply(body);
      if (!result.ok) {
        context.logger.warn(
          { from, reason: result.reason, detail: result.detail },
          'Revocation list refused',
        );
        throw new Refusal(result);
      }
      const pending = context.revocation.pending;
      context.logger.info(
        {
          outcome: result.value,
          from,
          ...(result.value === 'deferred' && pending !== undefined
            ? { until: pending.thisUpdate.toISOString() }
            : {}),
        },
        'Revocation list pushed',
      );
      if (result.value === 'deferred') reply.code(202);
      return { outcome: result.value, thisUpdate: context.revocation.current.thisUpdate.toISOString() };
    });
  },
};
