/**
 * New embedded clusters are copied from a template that the first initdb left (src/store/metadata/_internal/
 * cluster-template.ts). The template's place follows the temporary directory, so each test points TMPDIR at a
 * directory of its own and leaves the machine's shared template alone.
 */
import assert from 'node:assert/strict';
import { chmod, cp, mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { openMetadataStore } from '../../../src/store/metadata/open.ts';
import {
  clusterTemplatePath,
  copyClusterTemplate,
} from '../../../src/store/metadata/_internal/cluster-template.ts';

let dir: string;
let savedTmp: string | undefined;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'foedera-cluster-template-'));
  savedTmp = process.env['TMPDIR'];
});
after(async () => {
  if (savedTmp === undefined) delete process.env['TMPDIR'];
  else process.env['TMPDIR'] = savedTmp;
  await rm(dir, { recursive: true, force: true });
});

async function templatesIn(cache: string): Promise<string[]> {
  return (await readdir(cache)).filter((name) => name.startsWith('foedera-pglite-cluster-'));
}

async function insertAndCount(dataDir: string, value: string): Promise<number> {
  const store = await openMetadataStore({ dataDir });
  try {
    await sql`create table if not exists probe (value text)`.execute(store.db);
    await sql`insert into probe values (${value})`.execute(store.db);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from probe`.execute(store.db);
    return rows[0]?.n ?? -1;
  } finally {
    await store.close();
  }
}

test('the first new cluster leaves a template; the next is copied from it and shares nothing with the first', async () => {
  const cache = join(dir, 'cache-1');
  await mkdir(cache);
  process.env['TMPDIR'] = cache;
  assert.equal(await insertAndCount(join(dir, 'a', 'metadata'), 'a'), 1);
  const [template] = await templatesIn(cache);
  assert.ok(template !== undefined, 'initdb left a template');
  const templateDir = join(cache, template);
  assert.equal((await stat(templateDir)).mode & 0o077, 0, 'the template is private to its user');
  assert.deepEqual(
    (await readdir(templateDir)).filter((name) => name.startsWith('foedera-') || name.endsWith('.lock')),
    [],
    'the template holds no mark or lock of the cluster it was made from',
  );
  const before = await stat(join(templateDir, 'PG_VERSION'));
  assert.equal(await insertAndCount(join(dir, 'b', 'metadata'), 'b'), 1, 'the copy holds none of the first');
  assert.equal((await stat(join(templateDir, 'PG_VERSION'))).mtimeMs, before.mtimeMs);
  assert.deepEqual(await templatesIn(cache), [template], 'one template, no leftover partial copy');
});

test('a template that others could write to, or that is not a cluster, is not copied; FOEDERA_CLUSTER_TEMPLATE=off names none', async () => {
  process.env['FOEDERA_CLUSTER_TEMPLATE'] = 'off';
  try {
    assert.equal(clusterTemplatePath([]), undefined);
  } finally {
    delete process.env['FOEDERA_CLUSTER_TEMPLATE'];
  }
  const [template] = await templatesIn(join(dir, 'cache-1'));
  assert.ok(template !== undefined);
  const copy = join(dir, 'cache-2', template);
  await cp(join(dir, 'cache-1', template), copy, { recursive: true });
  assert.equal(await copyClusterTemplate(copy, join(dir, 'f')), true, 'a private copy is used');
  await chmod(copy, 0o777);
  assert.equal(await copyClusterTemplate(copy, join(dir, 'g')), false, 'a template others may write is not');
  await chmod(copy, 0o700);
  await rm(join(copy, 'PG_VERSION'));
  assert.equal(
    await copyClusterTemplate(copy, join(dir, 'h')),
    false,
    'a directory without PG_VERSION is not',
  );
  assert.deepEqual(
    (await readdir(dir)).filter((name) => ['g', 'h'].includes(name)),
    [],
    'nothing was copied from a refused template',
  );
});
