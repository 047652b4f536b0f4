import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reasonTable } from './reason-status.ts';

test('reasonTable() maps base and module reasons, defaults to 422 and refuses a conflicting row', () => {
  const statusOf = reasonTable([{ 'not-releasable': 403 }]);
  assert.equal(statusOf('token-expired'), 401);
  assert.equal(statusOf('not-releasable'), 403);
  assert.equal(statusOf('something-new'), 422);
  assert.throws(() => reasonTable([{ 'token-expired': 403 }]), /already mapped to 401/);
});
