import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startWakeLoop } from './wake-loop.ts';

const HOUR = 3_600_000;

test('a round that asks for another gets it at once; then the loop sleeps until kicked, not until the hour poll', async () => {
  let rounds = 0;
  let settled: () => void = () => {};
  const idle = new Promise<void>((resolve) => (settled = resolve));
  const loop = startWakeLoop({
    round: async () => {
      rounds += 1;
      if (rounds === 3) settled();
      return { again: rounds < 3, worked: true };
    },
    pollMs: HOUR,
    idlePollMs: HOUR,
    onError: (error) => assert.fail(String(error)),
  });
  await idle;
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(rounds, 3);
  loop.kick();
  while (rounds < 4) await new Promise((resolve) => setImmediate(resolve));
  await loop.stop();
  assert.equal(rounds, 4);
});

test('a round that throws goes to onError and the loop goes on; an aborted signal ends it', async () => {
  const errors: unknown[] = [];
  const controller = new AbortController();
  let rounds = 0;
  const loop = startWakeLoop({
    round: async () => {
      rounds += 1;
      if (rounds === 1) throw new Error('store unavailable');
      if (rounds === 2) controller.abort();
      return { again: true, worked: true };
    },
    pollMs: 1,
    idlePollMs: 1,
    onError: (error) => errors.push(error),
    signal: controller.signal,
  });
  while (!controller.signal.aborted) await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 20));
  // The abort ended the loop: no round after the one that aborted, though every round asked for another at once.
  assert.equal(rounds, 2);
  await loop.stop();
  assert.deepEqual(
    errors.map((error) => (error as Error).message),
    ['store unavailable'],
  );
});
