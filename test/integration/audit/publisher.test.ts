/** The tree-head publisher on PGlite: signs only growth, and a crash while signing leaves a log that verifies. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { generateSigner, verifierOf, type NoteSigner } from '../../../src/audit/note/keys.ts';
import { openCheckpoint } from '../../../src/audit/note/signed-checkpoint.ts';
import { verifyConsistency } from '../../../src/audit/merkle/verify-consistency.ts';
import { appendAuditBatch } from '../../../src/audit/store/append.ts';
import { latestCheckpoint, publishCheckpoint } from '../../../src/audit/store/checkpoints.ts';
import { consistencyProof, readTreeHead } from '../../../src/audit/store/proofs.ts';
import { IN_MEMORY, openMetadataStore } from '../../../src/store/metadata/open.ts';
import type { MetadataStore } from '../../../src/store/metadata/port.ts';
import { input } from './audit-log-contract.ts';

let store: MetadataStore;
const log = generateSigner({ name: 'fra.foedera.example/audit' });
before(async () => {
  store = await openMetadataStore({ dataDir: IN_MEMORY });
});
after(async () => {
  await store.close();
});

const append = (from: number, count: number) =>
  store.transaction((trx) =>
    appendAuditBatch(
      trx,
      Array.from({ length: count }, (_, i) => input(from + i)),
    ),
  );

test('publishCheckpoint() signs the current tree head and nothing more until the tree grows', async () => {
  await append(0, 10);
  const first = await publishCheckpoint(store, { signer: log });
  assert.equal(first.published, true);
  const opened = openCheckpoint(first.checkpoint.note, { logKey: verifierOf(log) });
  assert.ok(opened.ok);
  assert.equal(opened.value.checkpoint.size, 10);
  assert.equal((await publishCheckpoint(store, { signer: log })).published, false);
});

test('a crash while signing leaves the previous checkpoint, and the grown log proves consistent with it', async () => {
  await append(10, 25);
  const crashing: NoteSigner = {
    ...log,
    sign: () => {
      throw new Error('power lost while signing');
    },
  };
  await assert.rejects(publishCheckpoint(store, { signer: crashing }), /power lost/);
  const kept = await latestCheckpoint(store.db);
  assert.equal(kept?.size, 10);
  const head = await readTreeHead(store.db);
  const proof = await consistencyProof(store.db, { first: 10, second: head.size });
  assert.ok(
    verifyConsistency({ first: 10, second: head.size, firstRoot: kept.root, secondRoot: head.root, proof }),
  );
  const next = await publishCheckpoint(store, { signer: log });
  assert.deepEqual([next.published, next.checkpoint.size], [true, 35]);
});
