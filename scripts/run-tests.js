#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with Node's own test runner (through tsx), or the files named.
// Node 20's runner takes no globs, so the files are found here. The runner's closing summary is what CI reads; after it,
// the slowest files are listed on stderr (./slowest-files.js).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) find(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const args = process.argv.slice(2);
const files = args.length > 0 ? args : ['src', 'test'].flatMap((dir) => find(dir)).sort();
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=2',
    '--test-timeout=300000',
    // The default reporter, named because a second one is added: files by time taken, to stderr.
    `--test-reporter=${process.stdout.isTTY ? 'spec' : 'tap'}`,
    '--test-reporter-destination=stdout',
    `--test-reporter=${new URL('./slowest-files.js', import.meta.url).href}`,
    '--test-reporter-destination=stderr',
    ...files,
  ],
  { stdio: 'inherit', env: { ...process.env, FOEDERA_LOG_LEVEL: process.env.FOEDERA_LOG_LEVEL ?? 'silent' } },
);
process.exit(result.status ?? 1);
