import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { merkleRoot } from './merkle.ts';

const h = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const leaf = (hex: string) => h(Buffer.from([0]), Buffer.from(hex, 'hex'));
const node = (a: Buffer, b: Buffer) => h(Buffer.from([1]), a, b);

test('merkleRoot() follows RFC 9162: leaf and node prefixes, split at the largest power of two', () => {
  const [a, b, c] = ['11', '22', '33'].map((x) => x.repeat(32)) as [string, string, string];
  assert.equal(merkleRoot([a]), leaf(a).toString('hex'));
  assert.equal(merkleRoot([a, b]), node(leaf(a), leaf(b)).toString('hex'));
  assert.equal(merkleRoot([a, b, c]), node(node(leaf(a), leaf(b)), leaf(c)).toString('hex'));
  assert.equal(merkleRoot([]), createHash('sha256').digest('hex'));
});

test('merkleRoot() changes when two segments swap places', () => {
  const [a, b] = ['11', '22'].map((x) => x.repeat(32)) as [string, string];
  assert.notEqual(merkleRoot([a, b]), merkleRoot([b, a]));
});
