import assert from 'node:assert/strict';
import { access, mkdir, mkdtemp, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openMetadataStore } from '../../../src/store/metadata/open.ts';
import { COMPLETE_MARK } from '../../../src/store/metadata/_internal/create-cluster.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'foedera-first-start-'));
});
after(() => rm(dir, { recursive: true, force: true }));

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

test('a store made before the completion mark existed opens and is marked', async () => {
  const dataDir = join(dir, 'legacy', 'metadata');
  await (await openMetadataStore({ dataDir })).close();
  assert.ok(await exists(join(dataDir, COMPLETE_MARK)));
  await unlink(join(dataDir, COMPLETE_MARK));
  const store = await openMetadataStore({ dataDir });
  await store.ping();
  await store.close();
  assert.ok(await exists(join(dataDir, COMPLETE_MARK)), 'the mark is written once the cluster opens');
});

test('what an interrupted first start left (a temporary cluster, a stale lock) is cleared on the next', async () => {
  const parent = join(dir, 'interrupted');
  const dataDir = join(parent, 'metadata');
  await mkdir(join(parent, '.metadata.init-999999', 'base'), { recursive: true });
  await writeFile(join(parent, '.metadata.init-999999', 'PG_VERSION'), '17\n');
  await mkdir(dataDir);
  // A pid no process has: the lock of a process killed before initdb.
  await writeFile(join(dataDir, 'foedera-store.lock'), '2147483646\n');
  const store = await openMetadataStore({ dataDir });
  await store.ping();
  await store.close();
  assert.deepEqual((await readdir(parent)).sort(), ['metadata']);
});

test('a data directory holding other files but no database is refused, naming a file', async () => {
  const dataDir = join(dir, 'occupied');
  await mkdir(dataDir);
  await writeFile(join(dataDir, 'notes.txt'), 'not a database');
  await assert.rejects(openMetadataStore({ dataDir }), (error: Error) => {
    assert.match(
      error.message,
      /Cannot create the embedded metadata store in ".*occupied": the directory holds "notes\.txt"/,
    );
    return true;
  });
  assert.ok(await exists(join(dataDir, 'notes.txt')), 'nothing of it was removed');
});
