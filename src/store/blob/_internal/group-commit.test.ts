import assert from 'node:assert/strict';
import { mkdtemp, open, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { groupCommitter } from './group-commit.ts';

test('groupCommitter() names every blob only once it is flushed, and reports a failed rename to its put alone', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'foedera-group-commit-'));
  try {
    const commit = groupCommitter();
    const written = async (name: string) => {
      const part = join(dir, `${name}.part`);
      const handle = await open(part, 'wx');
      await handle.write(name);
      return { handle, part, final: join(dir, name) };
    };
    const blobs = await Promise.all(Array.from({ length: 12 }, (_, i) => written(`blob-${i}`)));
    const missing = { ...(await written('lost')), final: join(dir, 'no-such-dir', 'lost') };
    const outcomes = await Promise.allSettled([...blobs, missing].map((blob) => commit(blob)));
    assert.equal(outcomes.filter((outcome) => outcome.status === 'fulfilled').length, 12);
    assert.equal(outcomes.at(-1)?.status, 'rejected');
    for (let i = 0; i < 12; i++) assert.equal(await readFile(join(dir, `blob-${i}`), 'utf8'), `blob-${i}`);
    assert.deepEqual(
      (await readdir(dir)).filter((name) => name.endsWith('.part')),
      ['lost.part'],
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
