import { lstat, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';

/**
 * A throw-away in-memory store (`memory://`, used by tests) starts from a cached copy of a freshly initialised
 * cluster instead of running initdb again, which is most of PGlite's start-up time. The cache is one tarball per
 * PGlite version and user in the temporary directory; it holds an empty cluster, no data, and is used only if this
 * user owns it and nobody else can write it. Directory stores never use it.
 */
const version = await readFile(
  new URL('../package.json', import.meta.resolve('@electric-sql/pglite')),
  'utf8',
)
  .then((text) => (JSON.parse(text) as { version: string }).version)
  .catch(() => undefined);

function templatePath(): string | undefined {
  if (version === undefined) return undefined;
  return join(tmpdir(), `foedera-pglite-template-${version}-${process.getuid?.() ?? 'user'}.tar`);
}

export async function loadMemoryTemplate(): Promise<Blob | undefined> {
  const path = templatePath();
  if (path === undefined) return undefined;
  try {
    const info = await lstat(path);
    const ownedByUs = process.getuid === undefined || info.uid === process.getuid();
    if (!info.isFile() || !ownedByUs || (info.mode & 0o022) !== 0) return undefined;
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
