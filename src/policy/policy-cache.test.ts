import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createPolicyCache } from './policy-cache.ts';

const policy = (purpose: string): Record<string, unknown> => ({
  '@id': 'urn:uuid:same-id',
  '@type': 'Set',
  permission: [
    { action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: purpose }] },
  ],
});

test('createPolicyCache() compiles a policy once, whatever the order of its keys', () => {
  const cache = createPolicyCache();
  const first = cache.compile(policy('analysis'));
  const { permission, ...rest } = policy('analysis');
  const again = cache.compile({ permission, ...rest });
  assert.ok(first.ok);
  assert.equal(again, first);
  assert.equal(cache.size, 1);
});

test('createPolicyCache() never serves one policy for another that reuses its @id', () => {
  const cache = createPolicyCache();
  const a = cache.compile(policy('analysis'));
  const b = cache.compile(policy('marketing'));
  assert.ok(a.ok && b.ok);
  assert.notEqual(a.value, b.value);
  const input = { action: 'use', subject: { participant: { id: 'p', country: 'FRA' } } };
  assert.equal(b.value.evaluate({ ...input, context: { now: 0, purpose: 'analysis' } }).permitted, false);
});

test('createPolicyCache() evicts the least recently used policy past its bound and caches refusals', () => {
  const cache = createPolicyCache({ maxEntries: 2 });
  const a = cache.compile(policy('a'));
  cache.compile(policy('b'));
  cache.compile(policy('a'));
  cache.compile(policy('c'));
  assert.equal(cache.size, 2);
  assert.equal(cache.compile(policy('a')), a, '"a" was used recently and stays');
  const bad = cache.compile({ '@id': 'x' });
  assert.equal(bad.ok, false);
  assert.equal(cache.compile({ '@id': 'x' }), bad);
});
