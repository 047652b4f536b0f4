/**
 * A new embedded cluster is a copy of a freshly initialised one kept by this user, when there is one, instead of a
 * new initdb: initdb is seconds of CPU (a second WebAssembly instance bootstrapping the catalogs), a copy of its
 * 40 MB result a fraction of a second. A machine that starts many new nodes (a test suite, a federation created
 * for a demo or an exercise) pays initdb once per PGlite version and memory settings.
 *
 * The template is made only from a cluster whose initdb succeeded and answered a query, before anything of the node
 * is in it (no migrations, no data), copied under a temporary name and renamed into place, so it is either complete
 * or absent. It lives in the temporary directory, named by PGlite's version, a digest of the settings and the user,
 * and is used only if this user owns it and nobody else can write to it. `FOEDERA_CLUSTER_TEMPLATE=off` makes every
 * new cluster run initdb.
 */
import { createHash } from 'node:crypto';
import { cp, lstat, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ownedPrivately, pgliteVersion } from './pglite-cache.ts';

export function clusterTemplatePath(settings: readonly string[]): string | undefined {
  if (pgliteVersion === undefined || process.env['FOEDERA_CLUSTER_TEMPLATE'] === 'off') return undefined;
  const digest = createHash('sha256').update(JSON.stringify(settings)).digest('hex').slice(0, 12);
  return join(tmpdir(), `foedera-pglite-cluster-${pgliteVersion}-${digest}-${process.getuid?.() ?? 'user'}`);
}

/** Copies the template into `dir` (which holds nothing yet); false when there is no usable template. */
export async function copyClusterTemplate(template: string, dir: string): Promise<boolean> {
  try {
    const info = await lstat(template);
    if (!info.isDirectory() || !ownedPrivately(info)) return false;
    await lstat(join(template, 'PG_VERSION'));
  } catch {
    return false;
  }
  await cp(template, dir, { recursive: true, errorOnExist: true, force: false });
  return true;
}

/** Keeps a copy of `dir`, a cluster initdb has just made, as the template; a failure only loses the cache. */
export async function saveClusterTemplate(dir: string, template: string): Promise<void> {
  const partial = `${template}.${process.pid}.part`;
  try {
    await cp(dir, partial, { recursive: true });
    await rename(partial, template);
  } catch {
    // Another process saved it first (rename onto a non-empty directory fails), or the disk is full.
    await rm(partial, { recursive: true, force: true }).catch(() => {});
  }
}
