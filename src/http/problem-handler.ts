/**
 * The one place where anything a route throws becomes an RFC 9457 problem document: refusals and `FoederaError`s by
 * their code through the reason table, schema validation failures as 400 with the fields, the rest as 500.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { FoederaError, InvalidInputError } from '../shared/errors.ts';
import { PROBLEM_CONTENT_TYPE, problem, type ProblemDocument } from '../shared/problem.ts';
import type { ReasonTable } from './reason-status.ts';
import { Refusal } from './refusal.ts';

export function installProblemHandling(app: FastifyInstance, statusOf: ReasonTable): void {
  app.setErrorHandler((error: FastifyError | FoederaError | Error, request, reply) => {
    const doc = toProblem(error, statusOf);
    doc.instance = request.url;
    if (doc.status >= 500) request.log.error({ err: error }, 'Request failed');
    else request.log.info({ code: doc.code, detail: doc.detail }, 'Request refused');
    return sendProblem(reply, doc);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, problem(404, 'not-found', { detail: `No route ${request.method} ${request.url}` })),
  );
}

export function sendProblem(reply: FastifyReply, doc: ProblemDocument): FastifyReply {
  return reply.code(doc.status).type(PROBLEM_CONTENT_TYPE).send(doc);
}

function toProblem(error: FastifyError | FoederaError | Error, statusOf: ReasonTable): ProblemDocument {
  if ('validation' in error && Array.isArray(error.validation)) {
    const errors = error.validation.map((v) => ({
      field: `${error.validationContext ?? 'body'}${v.instancePath.replace(/\//g, '.')}`,
      message: v.message ?? 'is invalid',
    }));
    return problem(400, 'invalid-input', { detail: error.message, errors });
  }
  if (error instanceof InvalidInputError) {
    return problem(400, 'invalid-input', {
      detail: error.message,
      errors: [{ field: error.field, message: error.message }],
    });
  }
  if (error instanceof FoederaError)
    return problem(statusOf(error.code), error.code, {
      detail: error.message,
      ...(error instanceof Refusal && error.refusal !== undefined ? { reason: error.refusal } : {}),
    });
  // Fastify's own client errors (body too large, bad content type…) carry a 4xx status code.
  const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
  if (status < 500) return problem(status, 'invalid-request', { detail: error.message });
  return problem(500, 'internal', { detail: 'Internal error; see the node log' });
}
