import assert from 'node:assert/strict';
import { test } from 'node:test';
import { err, ok } from './result.ts';

test('ok() wraps a value and err() carries a reason with its detail', () => {
  assert.deepEqual(ok(3), { ok: true, value: 3 });
  assert.deepEqual(err('not-releasable', 'FRA is not in releasable-to'), {
    ok: false,
    reason: 'not-releasable',
    detail: 'FRA is not in releasable-to',
  });
});
