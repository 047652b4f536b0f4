/**
 * The console checks audit proofs in the browser with WebCrypto; these tests hold its verifier to the node's own
 * (src/audit) on the RFC 6962/9162 test vectors and on proofs drawn from the node's Merkle tree.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeEntry, entryLeafHash, sealEntry } from '../../src/audit/entry/codec.ts';
import {
  fromHex as nodeFromHex,
  leafHash as nodeLeafHash,
  toHex as nodeToHex,
} from '../../src/audit/merkle/hash.ts';
import { MemoryTree } from '../../src/audit/merkle/memory-tree.ts';
import { verifyInclusion } from '../../src/audit/merkle/verify-inclusion.ts';
import {
  entryBytes,
  fromHex,
  leafHash,
  rootFromInclusion,
  toHex,
  verifyEntryInclusion,
} from '../../web/src/audit/verify-inclusion.ts';

// RFC 6962 test leaves as published by the Certificate Transparency projects (data only).
const LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
];

test('leafHash() in the browser matches the node on the CT test leaves', async () => {
  for (const hex of LEAVES) {
    const bytes = nodeFromHex(hex);
    assert.equal(toHex(await leafHash(bytes)), nodeToHex(nodeLeafHash(bytes)));
  }
});

test('rootFromInclusion() agrees with the node verifier for every leaf of trees of 1 to 17 leaves', async () => {
  const tree = new MemoryTree();
  tree.appendEntries([...LEAVES, ...LEAVES.slice(0, 9)].map((hex) => nodeFromHex(hex)));
  for (let size = 1; size <= tree.size; size++) {
    const root = tree.root(size);
    for (let index = 0; index < size; index++) {
      const proof = tree.inclusionProof(index, size);
      const claim = { leafHash: tree.leafHash(index), index, size, proof };
      assert.equal(verifyInclusion({ ...claim, root }), true);
      const ours = await rootFromInclusion(claim);
      assert.equal(ours === undefined ? undefined : toHex(ours), nodeToHex(root), `leaf ${index} of ${size}`);
    }
  }
});

test('verifyEntryInclusion() accepts an audit entry proven against its tree head', async () => {
  const entries = Array.from({ length: 6 }, (_, i) =>
    sealEntry(
      {
        time: `2026-11-26T06:0${i}:00Z`,
        node: 'FRA',
        kind: 'dataset.published',
        actor: 'user:alice',
        subject: `dataset:d-${i}`,
        details: { n: i, note: 'Ünïcode ✓' },
      },
      i,
    ),
  );
  const tree = new MemoryTree();
  tree.appendLeafHashes(entries.map(entryLeafHash));
  const entry = entries[4];
  assert.ok(entry);
  assert.deepEqual(entryBytes(JSON.parse(JSON.stringify(entry))), encodeEntry(entry));
  const verdict = await verifyEntryInclusion({
    entry: entryBytes(entry),
    index: 4,
    size: 6,
    proofHex: tree.inclusionProof(4, 6).map(nodeToHex),
    rootHex: nodeToHex(tree.root()),
  });
  assert.deepEqual(verdict, { ok: true, root: nodeToHex(tree.root()) });
});

test('verifyEntryInclusion() rejects an altered entry, a wrong index and a truncated proof', async () => {
  const tree = new MemoryTree();
  const raw = LEAVES.map((hex) => nodeFromHex(hex));
  tree.appendEntries(raw);
  const proofHex = tree.inclusionProof(5, 8).map(nodeToHex);
  const rootHex = nodeToHex(tree.root());
  const base = { entry: raw[5] ?? new Uint8Array(), index: 5, size: 8, proofHex, rootHex };
  assert.equal((await verifyEntryInclusion(base)).ok, true);

  const altered = await verifyEntryInclusion({ ...base, entry: nodeFromHex('40414244') });
  assert.equal(altered.ok ? 'ok' : altered.reason, 'root-mismatch');
  const moved = await verifyEntryInclusion({ ...base, index: 4 });
  assert.equal(moved.ok ? 'ok' : moved.reason, 'root-mismatch');
  const short = await verifyEntryInclusion({ ...base, proofHex: proofHex.slice(1) });
  assert.equal(short.ok ? 'ok' : short.reason, 'malformed-proof');
  const garbled = await verifyEntryInclusion({ ...base, proofHex: ['zz', ...proofHex.slice(1)] });
  assert.equal(garbled.ok ? 'ok' : garbled.reason, 'malformed-proof');
});

test('fromHex() refuses odd-length and non-hex input', () => {
  assert.equal(fromHex('abc'), undefined);
  assert.equal(fromHex('zz'), undefined);
  assert.deepEqual(fromHex('00ff'), new Uint8Array([0, 255]));
});
