import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import { leafHash, leafHashOfText, nodeHash } from './hash.ts';
import { nodeHashInto } from './sha256-node.ts';

const reference = (left: Uint8Array, right: Uint8Array): Buffer =>
  createHash('sha256')
    .update(Buffer.from([0x01]))
    .update(left)
    .update(right)
    .digest();

test('nodeHash() equals SHA-256(0x01 ‖ left ‖ right) from node:crypto for any 32-byte pair', () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ minLength: 32, maxLength: 32 }),
      fc.uint8Array({ minLength: 32, maxLength: 32 }),
      (left, right) => {
        assert.deepEqual(Buffer.from(nodeHash(left, right)), reference(left, right));
      },
    ),
    { numRuns: 2000 },
  );
  // Every value of the last byte selects its own precomputed schedule.
  for (let last = 0; last < 256; last++) {
    const left = randomBytes(32);
    const right = randomBytes(32);
    right[31] = last;
    assert.deepEqual(Buffer.from(nodeHash(left, right)), reference(left, right), `last byte ${last}`);
  }
});

test('nodeHashInto() may write over either of its inputs', () => {
  const left = randomBytes(32);
  const right = randomBytes(32);
  const expected = reference(left, right);
  assert.deepEqual(Buffer.from(nodeHashInto(left, right, left)), expected);
  const other = Uint8Array.from(randomBytes(32));
  const target = Uint8Array.from(randomBytes(32));
  const expectedRight = reference(other, target);
  assert.deepEqual(Buffer.from(nodeHashInto(other, target, target)), expectedRight);
});

test('leafHashOfText() equals the leaf hash of the text as UTF-8, beyond ASCII too', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme' }), (text) => {
      assert.deepEqual(leafHashOfText(text), leafHash(new TextEncoder().encode(text)));
    }),
  );
});
