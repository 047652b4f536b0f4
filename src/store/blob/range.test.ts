import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BlobRangeError } from '../errors.ts';
import { resolveRange } from './range.ts';

test('resolveRange() reads to the last byte when no end is given', () => {
  assert.deepEqual(resolveRange({ start: 3 }, 10), { start: 3, end: 9 });
});

test('resolveRange() clamps an end past the object', () => {
  assert.deepEqual(resolveRange({ start: 0, end: 99 }, 10), { start: 0, end: 9 });
});

test('resolveRange() gives nothing to read for a range that starts at the end', () => {
  assert.equal(resolveRange({ start: 10 }, 10), undefined);
  assert.equal(resolveRange({ start: 0 }, 0), undefined);
});

test('resolveRange() refuses a start past the end, a negative start and an end before the start', () => {
  assert.throws(() => resolveRange({ start: 11 }, 10), BlobRangeError);
  assert.throws(() => resolveRange({ start: -1 }, 10), BlobRangeError);
  assert.throws(() => resolveRange({ start: 5, end: 2 }, 10), BlobRangeError);
  assert.throws(() => resolveRange({ start: 1.5 }, 10), BlobRangeError);
});
