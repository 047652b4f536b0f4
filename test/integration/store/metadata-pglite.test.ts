import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { StoreMisuseError, StoreUnavailableError } from '../../../src/store/errors.ts';
import { runMetadataStoreContract } from '../../../src/store/metadata/contract.ts';
import { openMetadataStore } from '../../../src/store/metadata/open.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'foedera-pglite-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

runMetadataStoreContract({
  name: 'PGlite',
  create: () => openMetadataStore({ dataDir: join(dir, 'contract') }),
});

describe('PGlite metadata store', () => {
  test('a query on db inside a transaction fails at once instead of waiting for ever', async () => {
    const store = await openMetadataStore({ dataDir: 'memory://' });
    try {
      await assert.rejects(
        store.transaction(() => store.db.selectFrom('store_meta').selectAll().execute()),
        StoreMisuseError,
      );
      await store.ping();
    } finally {
      await store.close();
    }
  });

  test('a second open of the same data directory is refused while the first is open', async () => {
    const home = join(dir, 'shared');
    const first = await openMetadataStore({ dataDir: home });
    try {
      await assert.rejects(
        openMetadataStore({ dataDir: home }),
        (error: unknown) =>
          error instanceof StoreUnavailableError && /this process has it open/.test(error.message),
      );
    } finally {
      await first.close();
    }
    // The lock of a process that is gone (here: one that has exited) is taken over.
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    await writeFile(join(home, 'foedera-store.lock'), `${gone.stdout.toString()}\n`);
    const again = await openMetadataStore({ dataDir: home });
    await again.close();
  });

  test('openMetadataStore() names a data directory it cannot create', async () => {
    const file = join(dir, 'not-a-directory');
    await writeFile(file, 'x');
    await assert.rejects(
      openMetadataStore({ dataDir: join(file, 'db') }),
      (error: unknown) => error instanceof StoreUnavailableError && error.message.includes(file),
    );
  });

  test('openMetadataStore() names a data directory that holds no usable database', async () => {
    const broken = join(dir, 'broken');
    await mkdir(broken);
    await writeFile(join(broken, 'PG_VERSION'), '9\n');
    await assert.rejects(
      openMetadataStore({ dataDir: broken }),
      (error: unknown) => error instanceof StoreUnavailableError && error.message.includes(broken),
    );
  });
});
