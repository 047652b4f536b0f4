/**
 * The store-backed audit log's contract, run against PGlite and PostgreSQL: proofs equal the in-memory reference
 * tree's, entries commit with their transaction or not at all, and concurrent appenders get gapless indexes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { appendAudit, appendAuditBatch, InvalidAuditEntryError } from '../../../src/audit/store/append.ts';
import {
  consistencyProof,
  inclusionProof,
  readEntries,
  readTreeHead,
  rootAt,
} from '../../../src/audit/store/proofs.ts';
import { encodeEntry } from '../../../src/audit/entry/codec.ts';
import type { AuditEntryInput } from '../../../src/audit/entry/entry.ts';
import { toHex, type Hash } from '../../../src/audit/merkle/hash.ts';
import { MemoryTree } from '../../../src/audit/merkle/memory-tree.ts';
import type { MetadataStore } from '../../../src/store/metadata/port.ts';

const hex = (hashes: Hash | readonly Hash[]): string | string[] =>
  hashes instanceof Uint8Array ? toHex(hashes) : hashes.map(toHex);

export function input(i: number, kind: AuditEntryInput['kind'] = 'decision.permit'): AuditEntryInput {
  return {
    time: new Date(Date.UTC(2026, 10, 26, 5, 0, 0, i)).toISOString(),
    node: 'FRA',
    kind,
    actor: `user:u${i % 7}@fra`,
    subject: `dataset:d-${i % 11}`,
    details: { n: i },
  };
}

export function runAuditLogContract(options: {
  name: string;
  create: () => Promise<MetadataStore>;
  skip?: string;
}): void {
  describe(`audit log on ${options.name}`, { skip: options.skip ?? false }, () => {
    let store: MetadataStore;
    const reference = new MemoryTree();
    before(async () => {
      store = await options.create();
    });
    after(async () => {
      await store?.close();
    });

    test('appendAuditBatch() builds the same tree as the reference, across stored and folded levels', async () => {
      const sizes = [1, 2, 5, 16, 3, 100, 1, 300, 47];
      let next = 0;
      for (const size of sizes) {
        const inputs = Array.from({ length: size }, (_, k) => input(next + k));
        const entries = await store.transaction((trx) => appendAuditBatch(trx, inputs));
        assert.deepEqual(
          entries.map((e) => e.index),
          inputs.map((_, k) => next + k),
        );
        reference.appendEntries(entries.map(encodeEntry));
        next += size;
      }
      const head = await readTreeHead(store.db);
      assert.equal(head.size, next);
      assert.equal(hex(head.root), hex(reference.root()));
    });

    test('inclusionProof() and consistencyProof() equal the reference proofs at any size', async () => {
      const size = reference.size;
      for (const [index, at] of [
        [0, 1],
        [0, size],
        [size - 1, size],
        [17, 300],
        [255, 256],
        [256, 257],
        [300, 475],
        [123, 400],
      ] as const) {
        assert.deepEqual(
          hex(await inclusionProof(store.db, { index, size: at })),
          hex(reference.inclusionProof(index, at)),
          `${index}@${at}`,
        );
      }
      for (const [first, second] of [
        [1, size],
        [16, 256],
        [255, 475],
        [256, 475],
        [300, 301],
        [0, 10],
        [size, size],
      ] as const) {
        assert.deepEqual(
          hex(await consistencyProof(store.db, { first, second })),
          hex(reference.consistencyProof(first, second)),
        );
      }
      assert.equal(hex(await rootAt(store.db, 333)), hex(reference.root(333)));
    });

    test('an entry appended in a transaction that rolls back leaves no trace and no gap', async () => {
      const before = await readTreeHead(store.db);
      await assert.rejects(
        store.transaction(async (trx) => {
          await sql`insert into store_meta (key, value) values ('audited-change', '1'::jsonb)`.execute(trx);
          await appendAudit(trx, input(9999, 'dataset.update'));
          throw new Error('crash after the append, before the commit');
        }),
        /crash after the append/,
      );
      const after = await readTreeHead(store.db);
      assert.deepEqual([after.size, hex(after.root)], [before.size, hex(before.root)]);
      const meta = await sql`select 1 from store_meta where key = 'audited-change'`.execute(store.db);
      assert.equal(meta.rows.length, 0);
      const entry = await store.transaction((trx) => appendAudit(trx, input(before.size)));
      assert.equal(entry.index, before.size);
      reference.appendEntries([encodeEntry(entry)]);
    });

    test('concurrent transactions get gapless, distinct indexes and the root still matches the entries', async () => {
      const start = reference.size;
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, t) =>
          store.transaction((trx) =>
            appendAuditBatch(trx, [input(10_000 + t * 3), input(10_001 + t * 3), input(10_002 + t * 3)]),
          ),
        ),
      );
      const indexes = results
        .flat()
        .map((e) => e.index)
        .sort((a, b) => a - b);
      assert.deepEqual(
        indexes,
        Array.from({ length: 36 }, (_, k) => start + k),
      );
      const stored = await readEntries(store.db, { start, end: start + 36 });
      reference.appendEntries(stored.map(encodeEntry));
      assert.equal(hex((await readTreeHead(store.db)).root), hex(reference.root()));
    });

    test('actors and subjects holding newlines or quotes are stored and proved as given', async () => {
      const odd = [
        { ...input(20_000), actor: 'user:"line\none"@fra', subject: 'dataset:a\r\nb\\c' },
        { ...input(20_001), subject: 'dataset:{x,"y"}' },
      ];
      const entries = await store.transaction((trx) => appendAuditBatch(trx, odd));
      const stored = await readEntries(store.db, {
        start: entries[0]?.index ?? 0,
        end: (entries[1]?.index ?? 0) + 1,
      });
      assert.deepEqual(
        stored.map((e) => [e.actor, e.subject]),
        odd.map((e) => [e.actor, e.subject]),
      );
      reference.appendEntries(stored.map(encodeEntry));
      assert.equal(hex((await readTreeHead(store.db)).root), hex(reference.root()));
      const found = await sql<{
        n: string;
      }>`select count(*) as n from audit_entry where actor = ${odd[0]?.actor ?? ''}`.execute(store.db);
      assert.equal(Number(found.rows[0]?.n), 1);
    });

    test('appendAudit() refuses an entry of an unknown kind and writes nothing', async () => {
      const before = await readTreeHead(store.db);
      const bad = { ...input(1), kind: 'decision.maybe' } as unknown as AuditEntryInput;
      await assert.rejects(
        store.transaction((trx) => appendAudit(trx, bad)),
        InvalidAuditEntryError,
      );
      assert.equal((await readTreeHead(store.db)).size, before.size);
    });
  });
}
