import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryTree } from '../merkle/memory-tree.ts';
import { verifyCosignature } from '../note/cosignature.ts';
import { generateSigner, SIG_COSIGNATURE_V1, verifierOf } from '../note/keys.ts';
import { openCheckpoint, signCheckpoint } from '../note/signed-checkpoint.ts';
import { verifyForkEvidence } from './verify-evidence.ts';
import { witnessCheckpoint } from './witness.ts';

const log = generateSigner({ name: 'fra.foedera.example/audit' });
const witness = generateSigner({ name: 'deu.foedera.example/witness', type: SIG_COSIGNATURE_V1 });
const now = new Date('2026-11-26T06:00:00Z');

function history(prefix: string, size: number): MemoryTree {
  const tree = new MemoryTree();
  tree.appendEntries(Array.from({ length: size }, (_, i) => new TextEncoder().encode(`${prefix}-${i}`)));
  return tree;
}

function checkpointOf(tree: MemoryTree, size: number): string {
  return signCheckpoint({ origin: log.name, size, root: tree.root(size) }, log);
}

function seen(note: string) {
  const opened = openCheckpoint(note, { logKey: verifierOf(log) });
  assert.ok(opened.ok);
  return opened.value;
}

const base = { logKey: verifierOf(log), witness, now };

test('witnessCheckpoint() cosigns the first checkpoint it sees and then each consistent extension', () => {
  const tree = history('e', 21);
  const first = witnessCheckpoint({
    ...base,
    previous: undefined,
    previousNote: undefined,
    next: checkpointOf(tree, 5),
    proof: [],
  });
  assert.equal(first.kind, 'cosigned');
  const note5 = checkpointOf(tree, 5);
  const second = witnessCheckpoint({
    ...base,
    previous: seen(note5),
    previousNote: note5,
    next: checkpointOf(tree, 21),
    proof: tree.consistencyProof(5, 21),
  });
  assert.equal(second.kind, 'cosigned');
  if (second.kind !== 'cosigned') return;
  const check = verifyCosignature(second.checkpoint.note, verifierOf(witness));
  assert.deepEqual(check, { ok: true, value: { timestamp: now.getTime() / 1000 } });
});

test('witnessCheckpoint() keeps evidence when the log signs two roots for the same size', () => {
  const honest = history('e', 12);
  const forked = history('x', 12);
  const previous = checkpointOf(honest, 12);
  const outcome = witnessCheckpoint({
    ...base,
    previous: seen(previous),
    previousNote: previous,
    next: checkpointOf(forked, 12),
    proof: [],
  });
  assert.equal(outcome.kind, 'fork');
  if (outcome.kind !== 'fork') return;
  assert.equal(outcome.evidence.reason, 'same-size-different-root');
  assert.ok(verifyForkEvidence(outcome.evidence, verifierOf(log)).ok);
});

test('witnessCheckpoint() keeps evidence when a larger tree does not extend the one it saw', () => {
  const honest = history('e', 10);
  // The fork rewrote entry 3 and then grew: its proof from 10 cannot verify against the honest root.
  const forkedEntries = Array.from({ length: 16 }, (_, i) =>
    new TextEncoder().encode(i === 3 ? 'rewritten' : `e-${i}`),
  );
  const forked = new MemoryTree();
  forked.appendEntries(forkedEntries);
  const previous = checkpointOf(honest, 10);
  const outcome = witnessCheckpoint({
    ...base,
    previous: seen(previous),
    previousNote: previous,
    next: checkpointOf(forked, 16),
    proof: forked.consistencyProof(10, 16),
  });
  assert.equal(outcome.kind, 'fork');
  if (outcome.kind !== 'fork') return;
  assert.equal(outcome.evidence.reason, 'inconsistent-proof');
  assert.match(outcome.evidence.detail, /size 16 is not consistent with its size 10/);
  assert.ok(verifyForkEvidence(outcome.evidence, verifierOf(log)).ok);
});

test('witnessCheckpoint() raises a rollback when the log presents a smaller tree than it saw', () => {
  const tree = history('e', 9);
  const previous = checkpointOf(tree, 9);
  const outcome = witnessCheckpoint({
    ...base,
    previous: seen(previous),
    previousNote: previous,
    next: checkpointOf(tree, 4),
    proof: [],
  });
  assert.equal(outcome.kind === 'fork' ? outcome.evidence.reason : outcome.kind, 'rollback');
});

test('witnessCheckpoint() refuses a checkpoint not signed by the log without calling it a fork', () => {
  const mallory = generateSigner({ name: log.name });
  const tree = history('e', 3);
  const forged = signCheckpoint({ origin: log.name, size: 3, root: tree.root() }, mallory);
  const outcome = witnessCheckpoint({
    ...base,
    previous: undefined,
    previousNote: undefined,
    next: forged,
    proof: [],
  });
  assert.equal(outcome.kind, 'refused');
});

test('verifyForkEvidence() rejects evidence that does not show the claimed conflict', () => {
  const tree = history('e', 8);
  const a = checkpointOf(tree, 4);
  const b = checkpointOf(tree, 8);
  const claimed = {
    origin: log.name,
    reason: 'inconsistent-proof' as const,
    previous: a,
    next: b,
    proof: tree.consistencyProof(4, 8).map((h) => Buffer.from(h).toString('base64')),
    detail: 'framed',
  };
  const result = verifyForkEvidence(claimed, verifierOf(log));
  assert.equal(result.ok ? 'ok' : result.reason, 'no-conflict');
});
