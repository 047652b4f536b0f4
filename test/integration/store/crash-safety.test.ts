import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { openBlobStore } from '../../../src/store/blob/open.ts';
import { openMetadataStore } from '../../../src/store/metadata/open.ts';
import { crashPayload } from './fixtures/crash-payload.ts';

const WRITER = new URL('./fixtures/crash-writer.ts', import.meta.url).pathname;

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'foedera-crash-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the writer until it has committed `rows` rows, then SIGKILLs it; returns the last row it reported. */
function writeThenKill(options: { metadataDir: string; blobDir: string; rows: number }): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, options.metadataDir, options.blobDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let last = 0;
    let stderr = '';
    let pending = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) last = Math.max(last, Number(line));
      // A few milliseconds later, so the kill lands at an arbitrary point of the next write.
      if (last >= options.rows && child.exitCode === null)
        setTimeout(() => child.kill('SIGKILL'), Math.random() * 20);
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(last);
      else reject(new Error(`The crash writer exited with code ${code} before it was killed: ${stderr}`));
    });
  });
}

test('a writer killed with SIGKILL mid-write leaves both stores readable with every committed row', async () => {
  const metadataDir = join(dir, 'metadata');
  const blobDir = join(dir, 'blobs');
  let reported = 0;
  for (const rows of [12, 30]) {
    reported = await writeThenKill({ metadataDir, blobDir, rows });
    assert.ok(reported >= rows);
  }

  const metadata = await openMetadataStore({ dataDir: metadataDir });
  const blobs = await openBlobStore({ dir: blobDir });
  try {
    const { rows } = await sql<{
      seq: number;
      digest: string;
      payload: Buffer;
    }>`select seq, digest, payload from crash_probe order by seq`.execute(metadata.db);
    assert.ok(rows.length >= reported, `${rows.length} rows survived, ${reported} were reported committed`);
    rows.forEach((row, index) => {
      assert.equal(row.seq, index + 1);
      assert.ok(row.payload.equals(crashPayload(row.seq)), `row ${row.seq} is torn`);
    });
    for (const row of rows) {
      const hash = createHash('sha256');
      for await (const chunk of await blobs.get(row.digest)) hash.update(chunk as Buffer);
      assert.equal(hash.digest('hex'), row.digest);
    }
    assert.deepEqual(await readdir(join(blobDir, 'tmp')), [], 'partial blob writes were left behind');
    for (const fanOut of await readdir(join(blobDir, 'sha256'))) {
      for (const name of await readdir(join(blobDir, 'sha256', fanOut))) {
        const hash = createHash('sha256');
        for await (const chunk of await blobs.get(name)) hash.update(chunk as Buffer);
        assert.equal(hash.digest('hex'), name, `blob ${name} does not hold its own content`);
      }
    }
  } finally {
    await metadata.close();
    await blobs.close();
  }
});
