/**
 * Gives back the memory of PGlite's file bundle once the database is open.
 *
 * PGlite reads its whole 6 MB bundle of PostgreSQL's files (share/, lib/, ICU data) into one ArrayBuffer, and every
 * file of its in-memory filesystem is a view into that buffer, so all 6 MB stay resident for the life of the node.
 * An open cluster with the C locale, UTF-8 and UTC reads only a few hundred kB of it (time zones, plpgsql); most of
 * the bundle is initdb's input (postgres.bki and the SQL scripts), build files, ICU collation data (the cluster's
 * locale provider is libc), full-text dictionaries and encoding conversions no client of ours asks for.
 *
 * So the bundle is read here, into a buffer that V8 maps from the operating system itself rather than from malloc
 * (a resizable ArrayBuffer): freed, a malloc'd 6 MB block mostly stays in the allocator's arenas, a mapping goes
 * back at once. Once PGlite has started (initdb, when it runs, has already read its files), the files that an open
 * cluster never reads are removed, the others are copied out of the bundle, and the bundle's buffer is detached,
 * which unmaps it when the collector next runs. A removed file that is needed after all fails loudly ("could not
 * access file"), never silently; the whole test suite runs on PGlite with the bundle released.
 */

import { open } from 'node:fs/promises';

/** The bundle as PGlite's `fsBundle` option reads it (PGlite only calls `arrayBuffer()`; a Blob would copy it). */
export type PgliteBundle = { arrayBuffer(): Promise<ArrayBuffer> };

/** Resizable ArrayBuffers are in Node 20's V8; the project's `lib` (ES2023, Node 20's floor) does not declare them. */
const ResizableArrayBuffer = ArrayBuffer as unknown as new (
  byteLength: number,
  options: { maxByteLength: number },
) => ArrayBuffer;

export async function readPgliteBundle(): Promise<PgliteBundle> {
  const file = await open(new URL('./pglite.data', import.meta.resolve('@electric-sql/pglite')));
  try {
    const { size } = await file.stat();
    const bundle = new ResizableArrayBuffer(size, { maxByteLength: size });
    const bytes = new Uint8Array(bundle);
    for (let at = 0; at < size;) {
      const { bytesRead } = await file.read(bytes, at, size - at, at);
      if (bytesRead === 0) throw new Error(`PGlite's file bundle ended at ${at} of ${size} bytes`);
      at += bytesRead;
    }
    return { arrayBuffer: () => Promise.resolve(bundle) };
  } finally {
    await file.close();
  }
}

/** The part of Emscripten's filesystem used here (PGlite exposes its module as `mod`, not in its types). */
type EmscriptenFs = {
  readdir(path: string): string[];
  stat(path: string): { mode: number };
  isDir(mode: number): boolean;
  isFile(mode: number): boolean;
  unlink(path: string): void;
  rmdir(path: string): void;
  lookupPath(path: string): {
    node: { contents?: unknown; usedBytes?: number; mount?: { mountpoint?: string } };
  };
};

/** Where the bundle's files are unpacked (the cluster's own directory, mounted below, is not walked). */
const BUNDLE_ROOTS = ['/pglite', '/home'];
const IN_MEMORY_ROOT_MOUNT = '/';

/** Paths (under the bundle's root) that an open cluster never reads. A directory entry covers all below it. */
export const UNREAD_BY_AN_OPEN_CLUSTER: readonly RegExp[] = [
  /^\/pglite\/share\/postgresql\/(postgres\.bki|[a-z_]+\.sql|sql_features\.txt|errcodes\.txt|[a-z_]+\.sample)$/,
  /^\/pglite\/lib\/postgresql\/pgxs(\/|$)/,
  /^\/pglite\/lib\/postgresql\/[a-z0-9_]+_and_[a-z0-9_]+\.so$/,
  /^\/pglite\/lib\/postgresql\/(euc2004_sjis2004|libpqwalreceiver|dict_snowball)\.so$/,
  /^\/pglite\/icu(\/|$)/,
];

export type ReleasedBundle = { removedBytes: number; keptBytes: number; detached: boolean };

/** Returns what was done, or undefined when PGlite's module does not look as expected (nothing is touched then). */
export function releasePgliteBundle(pglite: object): ReleasedBundle | undefined {
  const fs = filesystemOf(pglite);
  if (fs === undefined) return undefined;
  const bundles = new Set<ArrayBufferLike>();
  let removedBytes = 0;
  let keptBytes = 0;
  const visit = (dir: string): void => {
    for (const name of fs.readdir(dir)) {
      if (name === '.' || name === '..') continue;
      const path = `${dir}/${name}`;
      const { mode } = fs.stat(path);
      const node = fs.lookupPath(path).node;
      if (node.mount?.mountpoint !== IN_MEMORY_ROOT_MOUNT) continue;
      if (fs.isDir(mode)) {
        visit(path);
        if (isUnread(path) && fs.readdir(path).length <= 2) fs.rmdir(path);
        continue;
      }
      if (!fs.isFile(mode)) continue;
      if (!(node.contents instanceof Uint8Array)) continue;
      const contents = node.contents;
      const used = node.usedBytes ?? contents.byteLength;
      if (contents.byteLength !== contents.buffer.byteLength) bundles.add(contents.buffer);
      if (isUnread(path)) {
        fs.unlink(path);
        removedBytes += used;
      } else {
        // A copy of exactly the file's bytes: the view kept the whole bundle alive.
        node.contents = contents.slice(0, used);
        keptBytes += used;
      }
    }
  };
  for (const root of BUNDLE_ROOTS) visit(root);
  let detached = false;
  // Only the one bundle is expected; anything else means the layout changed and the buffer is left alone.
  if (bundles.size === 1) {
    const [bundle] = bundles;
    if (bundle instanceof ArrayBuffer) {
      structuredClone(bundle, { transfer: [bundle] });
      detached = bundle.byteLength === 0;
    }
  }
  return { removedBytes, keptBytes, detached };
}

function isUnread(path: string): boolean {
  return UNREAD_BY_AN_OPEN_CLUSTER.some((pattern) => pattern.test(path));
}

function filesystemOf(pglite: object): EmscriptenFs | undefined {
  const mod = (pglite as { mod?: { FS?: unknown } }).mod;
  const fs = mod?.FS as Partial<EmscriptenFs> | undefined;
  const needed: (keyof EmscriptenFs)[] = [
    'readdir',
    'stat',
    'isDir',
    'isFile',
    'unlink',
    'rmdir',
    'lookupPath',
  ];
  if (fs === undefined || !needed.every((name) => typeof fs[name] === 'function')) return undefined;
  try {
    for (const root of BUNDLE_ROOTS) fs.stat?.(root);
  } catch {
    return undefined;
  }
  return fs as EmscriptenFs;
}
