import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { EMPTY_FRONTIER, appendLeaves, frontierRoot } from './compact-range.ts';
import { EMPTY_ROOT, fromHex, leafHash, nodeHash, toHex, type Hash } from './hash.ts';
import { MemoryTree } from './memory-tree.ts';
import { splitPoint } from './subtrees.ts';
import { verifyConsistency } from './verify-consistency.ts';
import { verifyInclusion } from './verify-inclusion.ts';

// RFC 6962 test vectors as published by the Certificate Transparency projects (data only).
const LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map(fromHex);
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const INCLUSION: { index: number; size: number; proof: string[] }[] = [
  { index: 0, size: 1, proof: [] },
  {
    index: 0,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  { index: 2, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  {
    index: 1,
    size: 5,
    proof: [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
];
const CONSISTENCY: { first: number; second: number; proof: string[] }[] = [
  { first: 1, second: 1, proof: [] },
  {
    first: 1,
    second: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    first: 6,
    second: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    first: 2,
    second: 5,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
];

/** MTH exactly as RFC 9162 §2.1.1 defines it, recursively: the reference the tree is checked against. */
function referenceRoot(leaves: readonly Hash[]): Hash {
  if (leaves.length === 0) return EMPTY_ROOT;
  if (leaves.length === 1) return leaves[0] as Hash;
  const k = splitPoint(leaves.length);
  return nodeHash(referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

function vectorTree(): MemoryTree {
  const tree = new MemoryTree();
  tree.appendEntries(LEAVES);
  return tree;
}

test('MemoryTree gives the RFC 6962 root for every size from 0 to 8', () => {
  const tree = vectorTree();
  for (let size = 0; size <= 8; size++) assert.equal(toHex(tree.root(size)), ROOTS[size], `size ${size}`);
});

test('appendLeaves() keeps a frontier whose root matches the published root after every append', () => {
  let frontier = EMPTY_FRONTIER;
  assert.equal(toHex(frontierRoot(frontier)), ROOTS[0]);
  for (let i = 0; i < LEAVES.length; i++) {
    frontier = appendLeaves(frontier, [leafHash(LEAVES[i] as Uint8Array)]).frontier;
    assert.equal(toHex(frontierRoot(frontier)), ROOTS[i + 1]);
  }
});

test('inclusionProof() produces the published RFC 6962 inclusion proofs and they verify', () => {
  const tree = vectorTree();
  for (const v of INCLUSION) {
    const proof = tree.inclusionProof(v.index, v.size);
    assert.deepEqual(proof.map(toHex), v.proof, `leaf ${v.index} of ${v.size}`);
    const leaf = leafHash(LEAVES[v.index] as Uint8Array);
    assert.ok(
      verifyInclusion({
        leafHash: leaf,
        index: v.index,
        size: v.size,
        proof,
        root: fromHex(ROOTS[v.size] ?? ''),
      }),
    );
  }
});

test('consistencyProof() produces the published RFC 6962 consistency proofs and they verify', () => {
  const tree = vectorTree();
  for (const v of CONSISTENCY) {
    const proof = tree.consistencyProof(v.first, v.second);
    assert.deepEqual(proof.map(toHex), v.proof, `${v.first} → ${v.second}`);
    const firstRoot = fromHex(ROOTS[v.first] ?? '');
    const secondRoot = fromHex(ROOTS[v.second] ?? '');
    assert.ok(verifyConsistency({ first: v.first, second: v.second, firstRoot, secondRoot, proof }));
  }
});

// Entries carry their position, as audit entries carry their index: equal leaves would make a proof for one
// position a valid proof for its twin, which is correct behaviour and not what these properties are about.
const entriesArb = fc
  .array(fc.uint8Array({ maxLength: 12 }), { minLength: 1, maxLength: 70 })
  .map((list) => list.map((e, i) => Uint8Array.of(i, ...e)));

function treeOf(entries: readonly Uint8Array[]): MemoryTree {
  const tree = new MemoryTree();
  // Appended in uneven batches, so batch boundaries cannot hide in the result.
  for (let i = 0; i < entries.length; i += 3) tree.appendEntries(entries.slice(i, i + 3));
  return tree;
}

test('the incremental root equals the recursive RFC 9162 definition for any history', () => {
  fc.assert(
    fc.property(entriesArb, (entries) => {
      const tree = treeOf(entries);
      const leaves = entries.map(leafHash);
      for (let size = 0; size <= entries.length; size++) {
        assert.deepEqual(tree.root(size), referenceRoot(leaves.slice(0, size)));
      }
    }),
  );
});

test('every inclusion proof verifies and fails for an altered leaf, index, root or proof', () => {
  fc.assert(
    fc.property(entriesArb, fc.nat(), fc.nat(), (entries, a, b) => {
      const tree = treeOf(entries);
      const size = 1 + (a % entries.length);
      const index = b % size;
      const proof = tree.inclusionProof(index, size);
      const claim = { leafHash: tree.leafHash(index), index, size, proof, root: tree.root(size) };
      assert.ok(verifyInclusion(claim));
      const flipped = new Uint8Array(claim.leafHash);
      flipped[0] = (flipped[0] ?? 0) ^ 1;
      assert.ok(!verifyInclusion({ ...claim, leafHash: flipped }));
      assert.ok(!verifyInclusion({ ...claim, root: flipped }));
      if (size > 1) assert.ok(!verifyInclusion({ ...claim, index: (index + 1) % size }));
      if (proof.length > 0) {
        const bad = proof.map((p) => new Uint8Array(p));
        const target = bad[b % bad.length] as Uint8Array;
        target[31] = (target[31] ?? 0) ^ 0x80;
        assert.ok(!verifyInclusion({ ...claim, proof: bad }));
        assert.ok(!verifyInclusion({ ...claim, proof: proof.slice(0, -1) }));
      }
      assert.ok(!verifyInclusion({ ...claim, proof: [...proof, flipped] }));
    }),
  );
});

test('consistency between any sizes m ≤ n verifies and fails when either root or the proof is altered', () => {
  fc.assert(
    fc.property(entriesArb, fc.nat(), fc.nat(), (entries, a, b) => {
      const tree = treeOf(entries);
      const second = a % (entries.length + 1);
      const first = b % (second + 1);
      const proof = tree.consistencyProof(first, second);
      const claim = { first, second, firstRoot: tree.root(first), secondRoot: tree.root(second), proof };
      assert.ok(verifyConsistency(claim));
      if (first > 0 && first < second) {
        const bad = new Uint8Array(claim.firstRoot);
        bad[5] = (bad[5] ?? 0) ^ 4;
        assert.ok(!verifyConsistency({ ...claim, firstRoot: bad }));
        assert.ok(!verifyConsistency({ ...claim, secondRoot: bad }));
        const badProof = proof.map((p) => new Uint8Array(p));
        const target = badProof[a % badProof.length] as Uint8Array;
        target[0] = (target[0] ?? 0) ^ 1;
        assert.ok(!verifyConsistency({ ...claim, proof: badProof }));
        assert.ok(!verifyConsistency({ ...claim, proof: proof.slice(1) }));
      }
    }),
  );
});

test('a consistency proof does not hold between two histories that differ in the first tree', () => {
  fc.assert(
    fc.property(entriesArb, fc.nat(), (entries, a) => {
      fc.pre(entries.length >= 2);
      const honest = treeOf(entries);
      const first = 1 + (a % (entries.length - 1));
      const forked = entries.map((e) => new Uint8Array(e));
      forked[a % first] = new Uint8Array([...(forked[a % first] ?? []), 0xff]);
      const other = treeOf(forked);
      const proof = honest.consistencyProof(first, entries.length);
      const claim = {
        first,
        second: entries.length,
        firstRoot: other.root(first),
        secondRoot: honest.root(),
        proof,
      };
      assert.ok(!verifyConsistency(claim));
    }),
  );
});
