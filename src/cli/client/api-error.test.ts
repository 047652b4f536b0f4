import assert from 'node:assert/strict';
import { test } from 'node:test';
import { problem } from '../../shared/problem.ts';
import { EXIT, exitCodeOf } from '../exit-codes.ts';
import { ApiError } from './api-error.ts';

test('a schema failure is a usage error naming the field', () => {
  const error = new ApiError({
    action: 'start negotiation',
    status: 400,
    problem: problem(400, 'invalid-input', {
      detail: "body/offer must have required property 'target'",
      errors: [{ field: 'body.offer', message: "must have required property 'target'" }],
    }),
  });
  assert.equal(exitCodeOf(error), EXIT.usage);
  assert.equal(
    error.message,
    `Cannot start negotiation: field "body.offer" must have required property 'target' (invalid-input, HTTP 400)`,
  );
});

test('token, permission, state conflicts and domain refusals are refusals; the rest failures', () => {
  const of = (status: number) =>
    exitCodeOf(new ApiError({ action: 'x', status, problem: problem(status, 'r', { detail: 'Cannot x' }) }));
  assert.deepEqual([401, 403, 409, 422].map(of), [EXIT.refused, EXIT.refused, EXIT.refused, EXIT.refused]);
  assert.deepEqual([404, 500, 502, 503].map(of), [EXIT.failure, EXIT.failure, EXIT.failure, EXIT.failure]);
});

test('a domain message that already says what failed is not prefixed twice', () => {
  const error = new ApiError({
    action: 'publish dataset',
    status: 409,
    problem: problem(409, 'dataset-exists', { detail: 'Cannot publish dataset "urn:x:1": it exists' }),
  });
  assert.equal(error.message, 'Cannot publish dataset "urn:x:1": it exists (dataset-exists, HTTP 409)');
  assert.equal(error.code, 'dataset-exists');
});

test('an answer that is not a problem document shows its status and text', () => {
  const error = new ApiError({ action: 'list transfers', status: 502, text: 'Bad gateway' });
  assert.equal(error.message, 'Cannot list transfers: HTTP 502: Bad gateway');
});
