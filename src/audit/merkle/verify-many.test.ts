import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { leafHash, type Hash } from './hash.ts';
import { MemoryTree } from './memory-tree.ts';
import { verifyInclusion } from './verify-inclusion.ts';
import { inclusionVerifier } from './verify-many.ts';

const leafOf = (i: number, salt = ''): Hash => leafHash(new TextEncoder().encode(`entry ${i}${salt}`));

test('inclusionVerifier() agrees with verifyInclusion() on genuine and tampered claims in any order', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 70 }),
      fc.array(
        fc.record({
          at: fc.nat(),
          tamper: fc.constantFrom('none', 'leaf', 'index', 'proof', 'short', 'other-tree'),
        }),
        { minLength: 1, maxLength: 60 },
      ),
      (size, claims) => {
        const tree = new MemoryTree();
        tree.appendLeafHashes(Array.from({ length: size }, (_, i) => leafOf(i)));
        const other = new MemoryTree();
        other.appendLeafHashes(Array.from({ length: size }, (_, i) => leafOf(i, i === size - 1 ? '!' : '')));
        const root = tree.root();
        const verify = inclusionVerifier({ root, size });
        for (const { at, tamper } of claims) {
          const index = at % size;
          let claim = { leafHash: tree.leafHash(index), index, proof: tree.inclusionProof(index) };
          if (tamper === 'leaf') claim = { ...claim, leafHash: leafOf(index, 'x') };
          if (tamper === 'index' && size > 1) claim = { ...claim, index: (index + 1) % size };
          if (tamper === 'proof' && claim.proof.length > 0)
            claim = { ...claim, proof: [leafOf(999), ...claim.proof.slice(1)] };
          if (tamper === 'short') claim = { ...claim, proof: claim.proof.slice(0, -1) };
          if (tamper === 'other-tree')
            claim = { ...claim, leafHash: other.leafHash(index), proof: other.inclusionProof(index) };
          const expected = verifyInclusion({ ...claim, size, root });
          assert.equal(verify(claim), expected, `${tamper} claim for ${index} of ${size}`);
        }
      },
    ),
    { numRuns: 300 },
  );
});

test('inclusionVerifier() refuses a leaf whose subtree was already verified with another hash', () => {
  const tree = new MemoryTree();
  tree.appendLeafHashes(Array.from({ length: 16 }, (_, i) => leafOf(i)));
  const verify = inclusionVerifier({ root: tree.root(), size: 16 });
  assert.equal(verify({ leafHash: tree.leafHash(4), index: 4, proof: tree.inclusionProof(4) }), true);
  // Entry 5 was the sibling in entry 4's proof: a forged entry 5 fails with no hashing, whatever proof it brings.
  assert.equal(verify({ leafHash: leafOf(5, 'forged'), index: 5, proof: tree.inclusionProof(5) }), false);
  assert.equal(verify({ leafHash: tree.leafHash(5), index: 5, proof: [] }), false);
  assert.equal(verify({ leafHash: tree.leafHash(5), index: 5, proof: tree.inclusionProof(5) }), true);
});
