/**
 * Audit log throughput: appends per second with proofs available at commit (entries and tree nodes written in
 * the appending transaction), in bulk batches and one entry per transaction; inclusion-proof generation from the
 * store; proof verification (pure, one core) one proof at a time and as `foedera audit verify` checks an export.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeEntry, sealEntry } from '../src/audit/entry/codec.ts';
import { buildExport } from '../src/audit/export/build-export.ts';
import { verifyExport } from '../src/audit/export/verify-export.ts';
import { generateSigner, verifierOf } from '../src/audit/note/keys.ts';
import { signCheckpoint } from '../src/audit/note/signed-checkpoint.ts';
import type { AuditEntryInput } from '../src/audit/entry/entry.ts';
import { leafHash } from '../src/audit/merkle/hash.ts';
import { MemoryTree } from '../src/audit/merkle/memory-tree.ts';
import { verifyInclusion } from '../src/audit/merkle/verify-inclusion.ts';
import { appendAudit, appendAuditBatch } from '../src/audit/store/append.ts';
import { inclusionProof, readTreeHead } from '../src/audit/store/proofs.ts';
import { openMetadataStore, type MetadataStore } from '../src/store/metadata/open.ts';
import { createScratchSchema } from '../src/store/metadata/scratch-schema.ts';
import { figure, opsPerSecond, skipped } from './report.ts';

const BATCH = 2000;

function input(i: number): AuditEntryInput {
  return {
    time: new Date(Date.UTC(2026, 10, 26, 5, 0, 0) + i).toISOString(),
    node: 'FRA',
    kind: i % 3 === 0 ? 'decision.deny' : 'decision.permit',
    actor: `user:u${i % 97}@deu`,
    subject: `dataset:d-${i % 1009}`,
    details: { agreement: `agreement:a-${i % 31}`, purpose: 'mission-planning', reason: 'label-dominates' },
  };
}

async function appendRate(store: MetadataStore, options: { total: number; first: number }): Promise<number> {
  // The callers' inputs exist before they append: only the log's work is timed.
  const batches: AuditEntryInput[][] = [];
  for (let done = 0; done < options.total; done += BATCH) {
    const count = Math.min(BATCH, options.total - done);
    batches.push(Array.from({ length: count }, (_, k) => input(options.first + done + k)));
  }
  const start = process.hrtime.bigint();
  for (const inputs of batches) await store.transaction((trx) => appendAuditBatch(trx, inputs));
  return (options.total * 1e9) / Number(process.hrtime.bigint() - start);
}

/** One audited act per transaction, as most callers append: bounded by the transaction, not the log. */
async function singleRate(store: MetadataStore, options: { total: number; first: number }): Promise<number> {
  const inputs = Array.from({ length: options.total }, (_, k) => input(options.first + k));
  const start = process.hrtime.bigint();
  for (const one of inputs) await store.transaction((trx) => appendAudit(trx, one));
  return (options.total * 1e9) / Number(process.hrtime.bigint() - start);
}

async function proofRate(store: MetadataStore): Promise<number> {
  const { size } = await readTreeHead(store.db);
  let i = 0;
  return opsPerSecond(() => inclusionProof(store.db, { index: (i++ * 7919) % size, size }), {
    minMs: 1000,
    batch: 50,
  });
}

async function measureStore(name: 'pglite' | 'postgres', store: MetadataStore, total: number): Promise<void> {
  await appendRate(store, { total: BATCH, first: 0 }); // warm-up: caches, JIT, first pages
  figure(`audit-append-${name}`, await appendRate(store, { total, first: BATCH }), 'entries/s');
  const singles = Math.max(200, Math.round(total / 40));
  figure(
    `audit-append-single-${name}`,
    await singleRate(store, { total: singles, first: BATCH + total }),
    'transactions/s',
  );
  figure(`audit-proof-generate-${name}`, await proofRate(store), 'proofs/s');
}

export async function run(options: { scale: number }): Promise<void> {
  const total = Math.round(40_000 * options.scale);
  const dir = mkdtempSync(join(tmpdir(), 'foedera-bench-audit-'));
  try {
    const store = await openMetadataStore({ dataDir: dir });
    try {
      await measureStore('pglite', store, total);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const databaseUrl = process.env['DATABASE_URL'];
  if (databaseUrl === undefined || databaseUrl === '') {
    skipped('audit-append-postgres', 'DATABASE_URL is not set');
  } else {
    const scratch = await createScratchSchema(databaseUrl, 'bench_audit');
    try {
      const store = await openMetadataStore({ databaseUrl: scratch.databaseUrl });
      try {
        await measureStore('postgres', store, total);
      } finally {
        await store.close();
      }
    } finally {
      await scratch.drop();
    }
  }

  // Verification is pure: independent proofs in a tree of 2^16 leaves (16 hashes each), on one core.
  const tree = new MemoryTree();
  const size = 1 << 16;
  const entries = Array.from({ length: size }, (_, i) => sealEntry(input(i), i));
  tree.appendLeafHashes(entries.map((entry) => leafHash(encodeEntry(entry))));
  const root = tree.root();
  const claims = Array.from({ length: 1024 }, (_, k) => {
    const index = (k * 7919) % size;
    return { leafHash: tree.leafHash(index), index, size, proof: tree.inclusionProof(index), root };
  });
  let k = 0;
  figure(
    'audit-proof-verify',
    await opsPerSecond(() => verifyInclusion(claims[k++ % claims.length]!)),
    'proofs/s',
  );

  // An export as `foedera audit verify` reads it: canonical bytes, leaf hash and inclusion proof of every entry.
  const signer = generateSigner({ name: 'foedera/BENCH' });
  const checkpoint = signCheckpoint({ origin: signer.name, size, root }, signer);
  const range = Math.min(size, Math.round(8192 * options.scale));
  const exported = JSON.parse(
    JSON.stringify(
      buildExport({
        origin: signer.name,
        treeSize: size,
        start: 0,
        end: range,
        entries: entries.slice(0, range).map((entry) => ({ entry, proof: tree.inclusionProof(entry.index) })),
      }),
    ),
  ) as unknown;
  const trusted = { logKey: verifierOf(signer), witnesses: [] };
  figure(
    'audit-export-verify',
    range *
      (await opsPerSecond(() => verifyExport(exported, checkpoint, trusted), { minMs: 2000, batch: 4 })),
    'entries/s',
  );
}
