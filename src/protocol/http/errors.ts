/** How protocol refusals become DSP error documents (400) or an empty 404, per the HTTPS bindings. */
import type { FastifyReply } from 'fastify';
import { PROBLEM_CONTENT_TYPE, problem } from '../../shared/problem.ts';
import * as cn from '../messages/negotiation-builders.ts';
import * as tp from '../messages/transfer-builders.ts';
import type { DspValidationError } from '../validate.ts';

type Pids = { providerPid?: unknown; consumerPid?: unknown };
const pid = (value: unknown): string => (typeof value === 'string' ? value : '');

/** `not-found` answers 404 with no body: unknown and not-yours must look the same. Anything else is a 400. */
export function sendRefusal(
  reply: FastifyReply,
  options: { protocol: 'negotiation' | 'transfer'; reason: string; detail: string; pids: Pids },
): FastifyReply {
  if (options.reason === 'not-found') return reply.code(404).send();
  const body = {
    providerPid: pid(options.pids.providerPid),
    consumerPid: pid(options.pids.consumerPid),
    code: options.reason,
    reason: [options.detail],
  };
  return reply
    .code(400)
    .send(options.protocol === 'negotiation' ? cn.contractNegotiationError(body) : tp.transferError(body));
}

/** A body that is not the DSP message the endpoint expects: RFC 9457, naming each failing JSON pointer. */
export function sendInvalid(
  reply: FastifyReply,
  options: { detail: string; errors: readonly DspValidationError[] },
) {
  return reply
    .code(400)
    .type(PROBLEM_CONTENT_TYPE)
    .send(
      problem(400, 'invalid-dsp-message', {
        detail: options.detail,
        errors: options.errors.map((e) => ({ field: e.pointer, message: e.message })),
      }),
    );
}
