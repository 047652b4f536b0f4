/**
 * The folder of the Foedera checkout or package. Sources may run from a compiled copy elsewhere
 * (node_modules/.cache, see bin/compiled-sources.js), so files outside src/ are found from the package root rather
 * than relative to the running module.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown };
      if (manifest.name === 'foedera') return dir;
    } catch {
      // No manifest here: look further up.
    }
    if (dirname(dir) === dir) {
      throw new Error(`Cannot find the foedera package above "${start}"`);
    }
  }
}

export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

/** A path inside the package, e.g. `projectPath('bin', 'foedera.js')`. */
export function projectPath(...segments: string[]): string {
  return join(PROJECT_ROOT, ...segments);
}
