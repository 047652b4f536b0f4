import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePolicy } from '../../policy/parse-policy.ts';
import { leaseSecondsOf, LEASE_MAX_SECONDS } from './lease-rule.ts';

const NOW = new Date('2026-11-26T10:00:00Z');

function policy(permission: unknown[]) {
  const parsed = parsePolicy({
    '@type': 'Agreement',
    '@id': 'urn:agreement:1',
    target: 'urn:dataset:1',
    assigner: 'FRA',
    assignee: 'DEU',
    timestamp: '2026-11-26T09:00:00Z',
    permission,
  });
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.detail);
  return parsed.value;
}

const until = (iso: string, operator = 'lteq') => ({
  action: 'use',
  constraint: [{ leftOperand: 'dateTime', operator, rightOperand: iso }],
});

test('leaseSecondsOf() allows no lease for an open-ended permission', () => {
  assert.equal(leaseSecondsOf(policy([{ action: 'use' }]), { now: NOW }), undefined);
});

test('leaseSecondsOf() lets a lease run to the end of a dateTime window, at most the maximum', () => {
  assert.equal(leaseSecondsOf(policy([until('2026-11-26T12:00:00Z')]), { now: NOW }), 7200);
  assert.equal(leaseSecondsOf(policy([until('2026-11-26T12:00:00Z', 'lt')]), { now: NOW }), 7200);
  assert.equal(leaseSecondsOf(policy([until('2027-01-01T00:00:00Z')]), { now: NOW }), LEASE_MAX_SECONDS);
  assert.equal(leaseSecondsOf(policy([until('2027-01-01T00:00:00Z')]), { now: NOW, maxSeconds: 60 }), 60);
});

test('leaseSecondsOf() allows none once the window has ended, or when a permission counts uses', () => {
  assert.equal(leaseSecondsOf(policy([until('2026-11-26T09:59:00Z')]), { now: NOW }), undefined);
  const counted = {
    action: 'use',
    constraint: [
      { leftOperand: 'dateTime', operator: 'lteq', rightOperand: '2026-11-26T12:00:00Z' },
      { leftOperand: 'count', operator: 'lteq', rightOperand: 3 },
    ],
  };
  assert.equal(leaseSecondsOf(policy([counted]), { now: NOW }), undefined);
});

test('leaseSecondsOf() allows none when one use permission of several is open-ended, or the start is the only bound', () => {
  assert.equal(
    leaseSecondsOf(policy([until('2026-11-26T12:00:00Z'), { action: 'use' }]), { now: NOW }),
    undefined,
  );
  assert.equal(leaseSecondsOf(policy([until('2026-11-26T08:00:00Z', 'gteq')]), { now: NOW }), undefined);
});
