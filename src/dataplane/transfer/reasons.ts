/** Every reason the data plane refuses with over HTTP, and its status. */
import type { FastifyReply } from 'fastify';
import { problem, PROBLEM_CONTENT_TYPE } from '../../shared/problem.ts';
import type { Err } from '../../shared/result.ts';

export const DATAPLANE_REASONS: Readonly<Record<string, number>> = {
  'unknown-object': 404,
  'unknown-segment': 404,
  'unknown-agreement': 404,
  'not-agreement-party': 403,
  'agreement-not-for-object': 403,
  'agreement-not-active': 403,
  'access-denied': 403,
  'recipient-keys-invalid': 400,
  'recipient-keys-expired': 400,
  'policy-binding-invalid': 409,
  'no-peer': 401,
  'malformed-manifest': 400,
  'manifest-inconsistent': 400,
  'manifest-root-mismatch': 400,
  'manifest-signature-invalid': 400,
  'unknown-signer': 400,
  'label-binding-invalid': 400,
  'unexpected-object': 400,
  'manifest-conflict': 409,
  'segment-hash-mismatch': 422,
  'segment-size-mismatch': 422,
  'no-content': 409,
  'agreement-revoked': 403,
};

export function refuse(reply: FastifyReply, result: Err & { readonly refusal?: string }): FastifyReply {
  const status = DATAPLANE_REASONS[result.reason] ?? 400;
  return reply
    .code(status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(
      problem(status, result.reason, {
        detail: result.detail,
        ...(result.refusal === undefined ? {} : { reason: result.refusal }),
      }),
    );
}
