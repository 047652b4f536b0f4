import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_LIMITS } from './limits.ts';
import { prepareModule } from './wasm-module.ts';
import { assembleWat } from './wat.ts';

const limits = { ...DEFAULT_LIMITS, memoryPages: 100 };

async function prepared(memory: string) {
  const bytes = await assembleWat(`(module (memory (export "memory") ${memory}) (func (export "_start")))`);
  assert.ok(bytes.ok);
  return prepareModule(bytes.value, limits);
}

test('prepareModule() lowers a declared maximum above the limit, and gives one to a module without', async () => {
  for (const [memory, expected] of [
    ['1', { initialPages: 1, maximumPages: 100 }],
    ['2 5000', { initialPages: 2, maximumPages: 100 }],
    ['3 7', { initialPages: 3, maximumPages: 7 }],
    ['100', { initialPages: 100, maximumPages: 100 }],
  ] as const) {
    const result = await prepared(memory);
    assert.deepEqual(result.ok ? result.value.memory : result.detail, expected, memory);
  }
});

test('prepareModule() refuses an initial memory above the limit, a module without memory, and one without _start', async () => {
  const above = await prepared('101');
  assert.equal(above.ok ? 'ok' : above.reason, 'memory-limit');
  for (const source of ['(module (func (export "_start")))', '(module (memory (export "memory") 1))']) {
    const bytes = await assembleWat(source);
    assert.ok(bytes.ok);
    const result = prepareModule(bytes.value, limits);
    assert.equal(result.ok ? 'ok' : result.reason, 'invalid-module', source);
  }
});

test('assembleWat() names the file and the problem of a module that does not parse', async () => {
  const result = await assembleWat('(module (func $f (i32.add)))', 'broken.wat');
  assert.equal(result.ok ? 'ok' : result.reason, 'invalid-wat');
  assert.match(result.ok ? '' : result.detail, /^Cannot assemble "broken\.wat": /);
});
