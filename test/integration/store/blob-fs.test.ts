import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { runBlobStoreContract } from '../../../src/store/blob/contract.ts';
import { openBlobStore } from '../../../src/store/blob/open.ts';
import { StoreUnavailableError } from '../../../src/store/errors.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'foedera-blobs-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

runBlobStoreContract({ name: 'filesystem', create: () => openBlobStore({ dir: join(dir, 'contract') }) });

describe('filesystem blob store', () => {
  test('opening removes the partial writes of processes that are gone and keeps those of live ones', async () => {
    const home = join(dir, 'leftovers');
    await (await openBlobStore({ dir: home })).close();
    const gone = spawnSync(process.execPath, [
      '-e',
      'process.stdout.write(String(process.pid))',
    ]).stdout.toString();
    await writeFile(join(home, 'tmp', `${gone}-dead.part`), 'half an object');
    await writeFile(join(home, 'tmp', `${process.ppid}-live.part`), 'being written');
    const store = await openBlobStore({ url: pathToFileURL(home).href });
    assert.deepEqual(await readdir(join(home, 'tmp')), [`${process.ppid}-live.part`]);
    await store.close();
  });

  test('a refused put leaves no temporary file behind', async () => {
    const home = join(dir, 'refused');
    const store = await openBlobStore({ dir: home });
    await assert.rejects(store.put(Readable.from([Buffer.from('abc')]), { sha256: '0'.repeat(64) }));
    assert.deepEqual(await readdir(join(home, 'tmp')), []);
    await store.close();
  });

  test('openBlobStore() names a directory it cannot create', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, 'x');
    await assert.rejects(
      openBlobStore({ dir: join(file, 'blobs') }),
      (error: unknown) => error instanceof StoreUnavailableError && error.message.includes(file),
    );
  });
});
