/**
 * Audit log throughput: appends per second with proofs available at commit (entries and tree nodes written in
 * the appending transaction), inclusion-proof generation from the store, and proof verification (pure, one core).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeEntry, sealEntry } from '../src/audit/entry/codec.ts';
import type { AuditEntryInput } from '../src/audit/entry/entry.ts';
import { leafHash } from '../src/audit/merkle/hash.ts';
import { MemoryTree } from '../src/audit/merkle/memory-tree.ts';
import { verifyInclusion } from '../src/audit/merkle/verify-inclusion.ts';
import { appendAuditBatch } from '../src/audit/store/append.ts';
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

async function appendRate(store: MetadataStore, total: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let done = 0; done < total; done += BATCH) {
    const inputs = Array.from({ length: Math.min(BATCH, total - done) }, (_, k) => input(done + k));
    await store.transaction((trx) => appendAuditBatch(trx, inputs));
  }
  return (total * 1e9) / Number(process.hrtime.bigint() - start);
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
  await appendRate(store, BATCH); // warm-up: caches, JIT, first pages
  figure(`audit-append-${name}`, await appendRate(store, total), 'entries/s');
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

  // Verification is pure: a realistic tree of 2^20 leaves' proof depth, checked on one core.
  const tree = new MemoryTree();
  const size = 1 << 16;
  tree.appendLeafHashes(
    Array.from({ length: size }, (_, i) => leafHash(encodeEntry(sealEntry(input(i), i)))),
  );
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
}
