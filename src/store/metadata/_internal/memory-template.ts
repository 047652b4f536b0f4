import { lstat, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { ownedPrivately, pgliteVersion } from './pglite-cache.ts';

/**
 * A throw-away in-memory store (`memory://`, used by tests) starts from a cached copy of a freshly initialised
 * cluster instead of running initdb again, which is most of PGlite's start-up time. The cache is one tarball per
 * PGlite version and user in the temporary directory; it holds an empty cluster, no data, and is used only if this
 * user owns it and nobody else can write it. Directory stores have their own (cluster-template.ts).
 */
function templatePath(): string | undefined {
  if (pgliteVersion === undefined) return undefined;
  return join(tmpdir(), `foedera-pglite-template-${pgliteVersion}-${process.getuid?.() ?? 'user'}.tar`);
}

export async function loadMemoryTemplate(): Promise<Blob | undefined> {
  const path = templatePath();
  if (path === undefined) return undefined;
  try {
    const info = await lstat(path);
    if (!info.isFile() || !ownedPrivately(info)) return undefined;
    return new Blob([await readFile(path)]);
  } catch {
    return undefined;
  }
}

export async function saveMemoryTemplate(pglite: PGlite): Promise<void> {
  const path = templatePath();
  if (path === undefined) return;
  const partial = `${path}.${process.pid}.part`;
  try {
    const dump = await pglite.dumpDataDir('none');
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()), { mode: 0o600 });
    await rename(partial, path);
  } catch {
    // Only a cache: without it the next in-memory store runs initdb, as this one did.
    await unlink(partial).catch(() => {});
  }
}
