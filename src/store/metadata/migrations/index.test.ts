import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { migrations } from './index.ts';

const names = migrations.map(([name]) => name);

test('every migration is named NNNN-<module>-<what> and listed in ascending order', () => {
  for (const name of names) assert.match(name, /^\d{4}-[a-z0-9]+(-[a-z0-9]+)+$/, name);
  assert.deepEqual(names, [...names].sort());
  const numbers = names.map((name) => name.slice(0, 4));
  assert.equal(new Set(numbers).size, numbers.length, 'two migrations share a number');
});

test('every migration file in the folder is listed, under its own file name', () => {
  const files = readdirSync(new URL('.', import.meta.url))
    .filter((file) => /^\d{4}-.*\.ts$/.test(file) && !file.endsWith('.test.ts'))
    .map((file) => file.replace(/\.ts$/, ''))
    .sort();
  assert.deepEqual(names, files);
});

test('every migration exports an up function', () => {
  for (const [name, migration] of migrations) assert.equal(typeof migration.up, 'function', name);
});
