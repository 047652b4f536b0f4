/**
 * The management surface's own public routes: health, readiness, metrics, the OpenAPI document, and the identity
 * provider's discovery and key-set documents (so that a national OIDC provider can later take its place).
 */
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { JWK } from 'jose';
import type { NodeContext } from '../../node/context.ts';

export type NodeRoutesOptions = {
  context: NodeContext;
  /** Public keys of the local identity provider; empty when an external provider is configured. */
  jwks: JWK[];
  /** Base URL of this management API, known once it listens. */
  baseUrl: () => string;
  ready: () => Promise<{ ready: boolean; checks: Record<string, string> }>;
};

export function registerNodeRoutes(app: FastifyInstance, options: NodeRoutesOptions): void {
  const { context } = options;
  const open = { config: { public: true } } as const;
  app.get('/healthz', { ...open, schema: { tags: ['node'], security: [] } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { ...open, schema: { tags: ['node'], security: [] } }, async (_request, reply) => {
    const report = await options.ready();
    return reply.code(report.ready ? 200 : 503).send(report);
  });
  app.get('/metrics', { ...open, schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/plain; version=0.0.4; charset=utf-8').send(context.metrics.render()),
  );
  app.get('/openapi.json', { ...open, schema: { hide: true } }, async () => app.swagger());
  app.get(
    '/.well-known/openid-configuration',
    { ...open, schema: { tags: ['identity'], security: [] } },
    async () => ({
      issuer: context.config.idp.issuer,
      jwks_uri: context.config.idp.jwksUrl ?? `${options.baseUrl()}/.well-known/jwks.json`,
      id_token_signing_alg_values_supported: ['ES384'],
      token_endpoint_auth_methods_supported: ['none'],
      response_types_supported: ['id_token'],
      subject_types_supported: ['public'],
      claims_supported: [
        'sub',
        'iss',
        'aud',
        'exp',
        'foedera:participant',
        'foedera:nationality',
        'foedera:clearances',
        'foedera:coi',
        'foedera:roles',
      ],
    }),
  );
  app.get(
    '/.well-known/jwks.json',
    {
      ...open,
      schema: {
        tags: ['identity'],
        security: [],
        response: { 200: Type.Object({ keys: Type.Array(Type.Any()) }) },
      },
    },
    async () => ({ keys: options.jwks }),
  );
}
