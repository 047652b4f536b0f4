/**
 * `GET /.well-known/dspace-version`: which DSP versions this node speaks and where. Unauthenticated by the
 * specification, so it is mounted at the root of the protocol surface, outside the DSP prefix.
 */
import type { FastifyPluginAsync } from 'fastify';
import { versionResponse } from '../messages/catalog-builders.ts';

export function dspVersionRoute(options: { dspPath: string }): FastifyPluginAsync {
  const body = versionResponse({ path: options.dspPath });
  return async (app) => {
    // The protocol surface lets a client without a certificate reach only routes configured `anonymous`.
    app.get('/.well-known/dspace-version', { config: { anonymous: true } }, async (_request, reply) =>
      reply.send(body),
    );
  };
}
