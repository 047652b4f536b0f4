import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { IN_MEMORY, openMetadataStore, type MetadataStore } from '../../store/metadata/open.ts';
import { pattern, sealBytes } from '../_internal/test-fixtures.ts';
import { currentObjectSizes, latestObjectOf, saveOwnedObject } from './owned-objects.ts';

let store: MetadataStore;
before(async () => {
  store = await openMetadataStore({ dataDir: IN_MEMORY });
});
after(() => store.close());

test('currentObjectSizes() answers the ciphertext bytes of the object put last for each dataset with content', async () => {
  const master = { kid: 'master-1', key: randomBytes(32) };
  const put = async (datasetId: string, plaintext: number) => {
    const sealed = await sealBytes(pattern(plaintext));
    await saveOwnedObject(store.db, {
      manifest: sealed.manifest,
      datasetId,
      dataKey: sealed.dataKey,
      master,
    });
    return sealed.manifest.body.integrity.segments.reduce((total, segment) => total + segment.size, 0);
  };
  await put('dataset:a', 1024);
  const replaced = await put('dataset:a', 5 * 1024 * 1024 + 3);
  const other = await put('dataset:b', 10);
  const sizes = await currentObjectSizes(store.db, ['dataset:a', 'dataset:b', 'dataset:empty']);
  assert.deepEqual(Object.fromEntries(sizes), { 'dataset:a': replaced, 'dataset:b': other });
  // Each segment carries its GCM tag: more bytes than the plaintext, in six segments of 1 MiB here.
  assert.ok(replaced > 5 * 1024 * 1024 + 3);
  const latest = await latestObjectOf(store.db, 'dataset:a');
  assert.equal(latest?.manifest.body.integrity.segments.length, 6);
  assert.deepEqual(await currentObjectSizes(store.db, []), new Map());
});
