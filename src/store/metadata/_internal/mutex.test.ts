import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Mutex } from './mutex.ts';

test('Mutex hands the lock to one holder at a time, in arrival order', async () => {
  const mutex = new Mutex();
  const order: string[] = [];
  const hold = async (name: string) => {
    const release = await mutex.acquire();
    order.push(`${name}+`);
    await new Promise((resolve) => setTimeout(resolve, 5));
    order.push(`${name}-`);
    release();
  };
  await Promise.all([hold('a'), hold('b'), hold('c')]);
  assert.deepEqual(order, ['a+', 'a-', 'b+', 'b-', 'c+', 'c-']);
  assert.equal(mutex.locked, false);
});

test('Mutex ignores a second release of the same hold', async () => {
  const mutex = new Mutex();
  const first = await mutex.acquire();
  first();
  const second = await mutex.acquire();
  first();
  assert.equal(mutex.locked, true);
  second();
  assert.equal(mutex.locked, false);
});
