import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { StoreUnavailableError } from '../../../src/store/errors.ts';
import { runMetadataStoreContract } from '../../../src/store/metadata/contract.ts';
import { openMetadataStore } from '../../../src/store/metadata/open.ts';
import { createScratchSchema, type ScratchSchema } from '../../../src/store/metadata/scratch-schema.ts';
import { sql } from 'kysely';
import { FoederaError, InvalidInputError } from '../../../src/shared/errors.ts';

const databaseUrl = process.env['DATABASE_URL'];
const skip =
  databaseUrl === undefined || databaseUrl === ''
    ? 'DATABASE_URL is not set: PostgreSQL tests skipped'
    : undefined;

let scratch: ScratchSchema | undefined;
before(async () => {
  if (skip === undefined && databaseUrl !== undefined)
    scratch = await createScratchSchema(databaseUrl, 'store');
});
after(async () => {
  await scratch?.drop();
});

runMetadataStoreContract({
  name: 'PostgreSQL',
  ...(skip === undefined ? {} : { skip }),
  create: () => openMetadataStore({ databaseUrl: scratch?.databaseUrl ?? '' }),
});

describe('PostgreSQL metadata store', { skip: skip ?? false }, () => {
  test('a parameterised statement is prepared once per connection and runs by name after', async () => {
    const store = await openMetadataStore({ databaseUrl: scratch?.databaseUrl ?? '' });
    try {
      const text = 'select $1::int + 1 as n';
      const prepared = await store.transaction(async (trx) => {
        for (const i of [1, 2, 3]) {
          const { rows } = await sql.raw<{ n: number }>(text.replace('$1', String(i))).execute(trx);
          assert.equal(rows[0]?.n, i + 1);
        }
        for (const i of [1, 2, 3]) {
          const { rows } = await sql<{ n: number }>`select ${i}::int + 1 as n`.execute(trx);
          assert.equal(rows[0]?.n, i + 1);
        }
        // Same connection: the session's prepared statements.
        const { rows } = await sql<{
          statement: string;
        }>`select statement from pg_prepared_statements where statement = ${text}`.execute(trx);
        return rows;
      });
      assert.equal(prepared.length, 1);
    } finally {
      await store.close();
    }
  });

  test('two replicas opening a fresh schema together apply each migration once', async () => {
    const fresh = await createScratchSchema(databaseUrl ?? '', 'replicas');
    try {
      const stores = await Promise.all([
        openMetadataStore({ databaseUrl: fresh.databaseUrl }),
        openMetadataStore({ databaseUrl: fresh.databaseUrl }),
      ]);
      const [first, second] = await Promise.all(stores.map((store) => store.appliedMigrations()));
      assert.deepEqual(first, second);
      await Promise.all(stores.map((store) => store.close()));
    } finally {
      await fresh.drop();
    }
  });

  test('a store migrated by a newer version is refused with a message that says so', async () => {
    const fresh = await createScratchSchema(databaseUrl ?? '', 'newer');
    try {
      const store = await openMetadataStore({ databaseUrl: fresh.databaseUrl });
      await sql`insert into kysely_migration (name, timestamp) values ('9999-future-feature', '2030-01-01')`.execute(
        store.db,
      );
      await store.close();
      await assert.rejects(
        openMetadataStore({ databaseUrl: fresh.databaseUrl }),
        (error: unknown) =>
          error instanceof FoederaError &&
          error.code === 'store-newer-schema' &&
          error.message.includes('9999-future-feature'),
      );
    } finally {
      await fresh.drop();
    }
  });
});

describe('PostgreSQL metadata store configuration errors (no server needed)', () => {
  test('openMetadataStore() names the server it cannot reach, without the password', async () => {
    await assert.rejects(
      openMetadataStore({ databaseUrl: 'postgres://foedera:s3cret@127.0.0.1:1/nowhere' }),
      (error: unknown) =>
        error instanceof StoreUnavailableError &&
        error.message.includes('postgres://foedera:***@127.0.0.1:1/nowhere') &&
        !error.message.includes('s3cret'),
    );
  });

  test('openMetadataStore() refuses a URL that is not postgres:// or not a URL, naming it without a password', async () => {
    await assert.rejects(openMetadataStore({ databaseUrl: 'mysql://127.0.0.1/x' }), InvalidInputError);
    await assert.rejects(
      openMetadataStore({ databaseUrl: 'postgres://user:pa ss@[bad/x' }),
      (error: unknown) =>
        error instanceof InvalidInputError &&
        error.field === 'databaseUrl' &&
        error.message.includes('"postgres://***@[bad/x"') &&
        !error.message.includes('pa ss'),
    );
  });
});
