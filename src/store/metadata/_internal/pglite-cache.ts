/**
 * What the caches of initialised PGlite clusters share (the in-memory store's tarball, `memory-template.ts`; the
 * directory stores' template, `cluster-template.ts`): the PGlite version they are made by, and the rule that a cache
 * is used only if this user owns it and nobody else can write to it.
 */
import type { Stats } from 'node:fs';
import { readFile } from 'node:fs/promises';

export const pgliteVersion: string | undefined = await readFile(
  new URL('../package.json', import.meta.resolve('@electric-sql/pglite')),
  'utf8',
)
  .then((text) => (JSON.parse(text) as { version: string }).version)
  .catch(() => undefined);

export function ownedPrivately(info: Stats): boolean {
  const ownedByUs = process.getuid === undefined || info.uid === process.getuid();
  return ownedByUs && (info.mode & 0o022) === 0;
}
