/**
 * PGlite's file bundle is released once the database is open (src/store/metadata/_internal/release-pglite-bundle.ts):
 * these tests pin what that relies on in the pinned PGlite version (the bundle's layout, the files an open cluster
 * reads) so that an upgrade that changes them fails here, not in a node.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import {
  readPgliteBundle,
  releasePgliteBundle,
  UNREAD_BY_AN_OPEN_CLUSTER,
} from '../../../src/store/metadata/_internal/release-pglite-bundle.ts';

async function openReleased(dataDir: string) {
  const bundle = await readPgliteBundle();
  const buffer = await bundle.arrayBuffer();
  const pglite = await PGlite.create({ dataDir, fsBundle: bundle as Blob });
  const released = releasePgliteBundle(pglite);
  return { pglite, buffer, released };
}

test('an open cluster gives back most of the bundle, detaches it, and still answers what the stores ask', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'foedera-pglite-bundle-'));
  try {
    // First open runs initdb in this instance before the release; the second opens an existing cluster.
    for (const round of ['initdb', 'existing']) {
      const { pglite, buffer, released } = await openReleased(join(dir, 'cluster'));
      try {
        assert.ok(released, `${round}: PGlite's module no longer exposes the filesystem this relies on`);
        assert.equal(released.detached, true, `${round}: the bundle's buffer is still referenced`);
        assert.equal(buffer.byteLength, 0);
        assert.ok(released.removedBytes > 4_000_000, `${round}: removed only ${released.removedBytes} bytes`);
        assert.ok(released.keptBytes < 1_500_000, `${round}: kept ${released.keptBytes} bytes`);
        const rows = await pglite.query<{ paris: string; upper: string; n: number }>(
          `select to_char(timestamptz '2026-07-01 12:00Z' at time zone 'Europe/Paris', 'HH24:MI') as paris,
                  upper('défense') as upper, (select count(*)::int from pg_class) as n`,
        );
        assert.equal(rows.rows[0]?.paris, '14:00');
        assert.equal(rows.rows[0]?.upper, 'DÉFENSE'); // C.UTF-8 character classes, without ICU
        await pglite.exec(`do $$ begin perform 1; end $$ language plpgsql`);
        await pglite.exec(
          `create table if not exists t (id serial primary key, at timestamptz default now())`,
        );
        await pglite.exec(`insert into t default values`);
      } finally {
        await pglite.close();
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a file an open cluster never reads is removed, so a surprise need fails loudly rather than reading zeros', async () => {
  const { pglite, released } = await openReleased('memory://');
  try {
    assert.ok(released);
    const fs = (pglite as unknown as { mod: { FS: { analyzePath(path: string): { exists: boolean } } } }).mod
      .FS;
    assert.equal(fs.analyzePath('/pglite/share/postgresql/postgres.bki').exists, false);
    assert.equal(fs.analyzePath('/pglite/share/postgresql/timezone/Europe/Paris').exists, true);
    assert.ok(
      UNREAD_BY_AN_OPEN_CLUSTER.some((pattern) => pattern.test('/pglite/icu/icudt76l/coll/root.res')),
    );
    await assert.rejects(pglite.query(`select convert('abc', 'UTF8', 'LATIN1')`), /could not|access|load/i);
  } finally {
    await pglite.close();
  }
});
