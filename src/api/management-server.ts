/**
 * The management API: HTTP on 127.0.0.1 by default, typed with TypeBox, documented as OpenAPI 3.1 at /openapi.json.
 * Every route needs a valid, unexpired token of this node's identity provider unless it is marked public.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import { problem } from '../shared/problem.ts';
import { lazySchemaCompilers } from '../http/lazy-compilers.ts';
import { sendProblem } from '../http/problem-handler.ts';
import type { TokenVerifier } from '../trust/tokens/verify-token.ts';
import '../http/request-context.ts';

export type ManagementServerOptions = {
  logger: Logger;
  tokens: TokenVerifier;
  title: string;
};

export async function createManagementServer(options: ManagementServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger.child({ surface: 'management' }),
    bodyLimit: 1024 * 1024,
    schemaController: lazySchemaCompilers,
  }).withTypeProvider<TypeBoxTypeProvider>();
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: options.title, version: '0.1.0', description: 'Foedera node management API' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
  });
  app.decorateRequest('user', undefined);
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config.public === true) return;
    const verdict = await options.tokens.verify(request.headers.authorization);
    if (!verdict.ok) {
      reply.header('www-authenticate', `Bearer error="invalid_token", error_description="${verdict.reason}"`);
      return sendProblem(
        reply,
        problem(401, verdict.reason, { detail: verdict.detail, instance: request.url }),
      );
    }
    request.user = verdict.value;
    return undefined;
  });
  // The TypeBox provider types each route where it is declared; callers hold the plain instance type.
  return app as unknown as FastifyInstance;
}

/** The JSON schema of an RFC 9457 problem document, for routes' error responses in the OpenAPI document. */
export const ProblemResponse = {
  type: 'object',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string' },
    reason: { type: 'string', description: 'The precise cause of a refusal, when more precise than code' },
  },
  required: ['type', 'title', 'status'],
} as const;
