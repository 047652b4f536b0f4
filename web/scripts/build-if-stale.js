#!/usr/bin/env node
// Builds the console (vite build) when web/dist is missing or older than any source it is made from, so that
// `npm start` in a fresh clone serves a console without a separate build step, and a second start does not rebuild.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const sources = [
  'web/index.html',
  'web/vite.config.ts',
  'web/public',
  'web/src',
  'src/labels',
  'src/policy',
  'package-lock.json',
];

function newest(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), stat.mtimeMs);
}

const built = newest(join(repo, 'web/dist/index.html'));
const changed = Math.max(...sources.map((s) => newest(join(repo, s))));
if (built > 0 && built >= changed) process.exit(0);

console.log(
  built === 0 ? 'Building the web console …' : 'Console sources changed: rebuilding the web console …',
);
const vite = join(repo, 'node_modules/vite/bin/vite.js');
const result = spawnSync(
  process.execPath,
  [vite, 'build', '--config', join(repo, 'web/vite.config.ts'), '--logLevel', 'warn'],
  {
    stdio: 'inherit',
    cwd: repo,
  },
);
process.exit(result.status ?? 1);
