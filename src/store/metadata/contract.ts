/**
 * The metadata store contract: one suite, run against every adapter (see test/integration/store/). Not a test
 * file itself, so that each adapter's file decides when it runs and why it is skipped.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { StoreUnavailableError } from '../errors.ts';
import type { Database } from './database.ts';
import { claimOne, probeTables, type ProbeTables } from './_internal/contract-probe.ts';
import { jsonb } from './jsonb.ts';
import { migrations } from './migrations/index.ts';
import type { MetadataStore } from './port.ts';
import { readStoreMeta, writeStoreMeta } from './store-meta.ts';

export type MetadataStoreContractOptions = {
  name: string;
  /** Opens the store under test; every call must open the same database, so that reopening can be checked. */
  create: () => Promise<MetadataStore>;
  /** When set, the whole suite is skipped with this message. */
  skip?: string;
};

export function runMetadataStoreContract(options: MetadataStoreContractOptions): void {
  describe(`MetadataStore contract on ${options.name}`, { skip: options.skip ?? false }, () => {
    let store: MetadataStore;
    let probe: Kysely<Database & ProbeTables>;
    before(async () => {
      store = await options.create();
      for (const ddl of probeTables) await sql.raw(ddl).execute(store.db);
      probe = store.db.withTables<ProbeTables>();
    });
    after(async () => {
      await store.close();
    });

    test('opening applies every migration once, in order', async () => {
      assert.deepEqual(
        await store.appliedMigrations(),
        migrations.map(([name]) => name),
      );
      await store.ping();
    });

    test('store_meta rows are created, read, updated and deleted', async () => {
      await writeStoreMeta(store.db, { key: 'contract.crud', value: { version: 1 } });
      assert.deepEqual(await readStoreMeta(store.db, 'contract.crud'), { version: 1 });
      await writeStoreMeta(store.db, { key: 'contract.crud', value: ['two', 2] });
      assert.deepEqual(await readStoreMeta(store.db, 'contract.crud'), ['two', 2]);
      const deleted = await store.db
        .deleteFrom('store_meta')
        .where('key', '=', 'contract.crud')
        .executeTakeFirst();
      assert.equal(deleted.numDeletedRows, 1n);
      assert.equal(await readStoreMeta(store.db, 'contract.crud'), undefined);
    });

    test('transaction() commits every write of a callback that resolves', async () => {
      const result = await store.transaction(async (trx) => {
        const p = trx.withTables<ProbeTables>();
        await p
          .insertInto('contract_probe')
          .values({ id: 1, label: 'one', doc: null, bytes: null })
          .execute();
        await p
          .insertInto('contract_probe')
          .values({ id: 2, label: 'two', doc: null, bytes: null })
          .execute();
        return 'done';
      });
      assert.equal(result, 'done');
      const rows = await probe
        .selectFrom('contract_probe')
        .select('label')
        .where('id', 'in', [1, 2])
        .execute();
      assert.deepEqual(rows.map((row) => row.label).sort(), ['one', 'two']);
    });

    test('transaction() rolls back every write and rethrows when the callback throws', async () => {
      const failure = new Error('refused half-way');
      await assert.rejects(
        store.transaction(async (trx) => {
          const p = trx.withTables<ProbeTables>();
          await p
            .insertInto('contract_probe')
            .values({ id: 3, label: 'three', doc: null, bytes: null })
            .execute();
          await p.updateTable('contract_probe').set({ label: 'changed' }).where('id', '=', 1).execute();
          throw failure;
        }),
        (error) => error === failure,
      );
      const rows = await probe.selectFrom('contract_probe').select(['id', 'label']).orderBy('id').execute();
      assert.deepEqual(rows, [
        { id: 1, label: 'one' },
        { id: 2, label: 'two' },
      ]);
    });

    test('transaction() rolls back when a statement fails inside it', async () => {
      await assert.rejects(
        store.transaction(async (trx) => {
          const p = trx.withTables<ProbeTables>();
          await p
            .insertInto('contract_probe')
            .values({ id: 4, label: 'four', doc: null, bytes: null })
            .execute();
          await p
            .insertInto('contract_probe')
            .values({ id: 1, label: 'duplicate', doc: null, bytes: null })
            .execute();
        }),
        /duplicate key/,
      );
      const four = await probe
        .selectFrom('contract_probe')
        .select('id')
        .where('id', '=', 4)
        .executeTakeFirst();
      assert.equal(four, undefined);
      await store.ping();
    });

    test('a query outside a transaction is never swept into it, nor rolled back with it', async () => {
      let insideStarted = () => {};
      const started = new Promise<void>((resolve) => (insideStarted = resolve));
      const failing = store.transaction(async (trx) => {
        const p = trx.withTables<ProbeTables>();
        await p
          .insertInto('contract_probe')
          .values({ id: 5, label: 'inside', doc: null, bytes: null })
          .execute();
        insideStarted();
        await new Promise((resolve) => setTimeout(resolve, 50));
        throw new Error('roll back the inside write');
      });
      await started;
      const outside = probe
        .insertInto('contract_probe')
        .values({ id: 6, label: 'outside', doc: null, bytes: null })
        .execute();
      await assert.rejects(failing, /roll back the inside write/);
      await outside;
      const rows = await probe.selectFrom('contract_probe').select('id').where('id', 'in', [5, 6]).execute();
      assert.deepEqual(rows, [{ id: 6 }]);
      await probe.deleteFrom('contract_probe').where('id', '=', 6).execute();
    });

    test('concurrent read-modify-write transactions lose no update', async () => {
      await probe.insertInto('contract_counter').values({ id: 1, value: 0 }).execute();
      const increments = 25;
      await Promise.all(
        Array.from({ length: increments }, () =>
          store.transaction(async (trx) => {
            const p = trx.withTables<ProbeTables>();
            const row = await p
              .selectFrom('contract_counter')
              .select('value')
              .where('id', '=', 1)
              .forUpdate()
              .executeTakeFirstOrThrow();
            await new Promise((resolve) => setImmediate(resolve));
            await p
              .updateTable('contract_counter')
              .set({ value: row.value + 1 })
              .where('id', '=', 1)
              .execute();
          }),
        ),
      );
      const { value } = await probe
        .selectFrom('contract_counter')
        .select('value')
        .where('id', '=', 1)
        .executeTakeFirstOrThrow();
      assert.equal(value, increments);
    });

    test('jsonb and bytea values come back exactly as written', async () => {
      const doc = {
        title: 'Übung «Nordlicht» – 演習',
        nested: { list: [1, 2.5, -3, null, true, 'x'], empty: {} },
        big: 9007199254740991,
      };
      const allBytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
      const bulk = randomBytes(1024 * 1024);
      await probe
        .insertInto('contract_probe')
        .values([
          { id: 10, label: 'doc', doc: jsonb(doc), bytes: allBytes },
          { id: 11, label: 'bulk', doc: jsonb([doc, 'second']), bytes: bulk },
        ])
        .execute();
      const rows = await probe
        .selectFrom('contract_probe')
        .select(['id', 'doc', 'bytes'])
        .where('id', 'in', [10, 11])
        .orderBy('id')
        .execute();
      assert.deepEqual(rows[0]?.doc, doc);
      assert.deepEqual(rows[1]?.doc, [doc, 'second']);
      assert.ok(Buffer.isBuffer(rows[0]?.bytes));
      assert.ok(allBytes.equals(rows[0].bytes));
      assert.ok(bulk.equals(rows[1]?.bytes ?? Buffer.alloc(0)));
      const found = await probe
        .selectFrom('contract_probe')
        .select('id')
        .where(sql<boolean>`doc -> 'nested' -> 'list' @> '[2.5]'::jsonb`)
        .where('id', '=', 10)
        .execute();
      assert.deepEqual(found, [{ id: 10 }]);
    });

    test('workers claiming with FOR UPDATE SKIP LOCKED take every job exactly once', async () => {
      const jobs = 40;
      await probe
        .insertInto('contract_job')
        .values(Array.from({ length: jobs }, (_, i) => ({ id: i + 1, claimed_by: null })))
        .execute();
      const claimed: number[] = [];
      const worker = async (name: string) => {
        for (;;) {
          const id = await claimOne(probe, name);
          if (id === undefined) return;
          claimed.push(id);
        }
      };
      await Promise.all(['w1', 'w2', 'w3', 'w4'].map(worker));
      assert.deepEqual(
        claimed.sort((a, b) => a - b),
        Array.from({ length: jobs }, (_, i) => i + 1),
      );
      const unclaimed = await probe
        .selectFrom('contract_job')
        .select('id')
        .where('claimed_by', 'is', null)
        .execute();
      assert.deepEqual(unclaimed, []);
    });

    test('a claim skips the rows another open transaction has locked', async (t) => {
      if (store.kind === 'pglite') {
        t.skip('PGlite is one session: transactions never overlap, so there is no lock to skip');
        return;
      }
      await probe
        .insertInto('contract_job')
        .values([
          { id: 101, claimed_by: null },
          { id: 102, claimed_by: null },
        ])
        .execute();
      let releaseFirst = () => {};
      const held = new Promise<void>((resolve) => (releaseFirst = resolve));
      let lockedFirst = () => {};
      const locked = new Promise<void>((resolve) => (lockedFirst = resolve));
      const first = store.transaction(async (trx) => {
        await sql`select id from contract_job where id = 101 for update`.execute(trx);
        lockedFirst();
        await held;
      });
      await locked;
      const second = await store.transaction((trx) =>
        trx
          .withTables<ProbeTables>()
          .selectFrom('contract_job')
          .select('id')
          .where('id', 'in', [101, 102])
          .orderBy('id')
          .forUpdate()
          .skipLocked()
          .execute(),
      );
      releaseFirst();
      await first;
      assert.deepEqual(second, [{ id: 102 }]);
    });

    test('data survives close and reopen, and reopening applies no migration again', async () => {
      await writeStoreMeta(store.db, { key: 'contract.reopen', value: { kept: true } });
      await store.close();
      await assert.rejects(store.ping(), StoreUnavailableError);
      store = await options.create();
      probe = store.db.withTables<ProbeTables>();
      assert.deepEqual(await readStoreMeta(store.db, 'contract.reopen'), { kept: true });
      const applied = await store.db
        .withTables<{ kysely_migration: { name: string } }>()
        .selectFrom('kysely_migration')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(applied.count), migrations.length);
      const rows = await probe.selectFrom('contract_probe').select('id').orderBy('id').execute();
      assert.deepEqual(
        rows.map((row) => row.id),
        [1, 2, 10, 11],
      );
    });
  });
}
