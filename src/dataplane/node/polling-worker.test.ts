import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { earliestAfter, startPollingWorker } from './polling-worker.ts';

/** A worker that polls only once an hour: every round after the first is a kick's. */
function worker() {
  const rounds: (() => void)[] = [];
  let began = 0;
  const waiting: (() => void)[] = [];
  const shutdown = new AbortController();
  const started = startPollingWorker({
    context: { shutdown: shutdown.signal, logger: pino({ level: 'silent' }), clock: () => new Date() },
    pollMs: 3_600_000,
    idlePollMs: 3_600_000,
    failure: 'round failed',
    stopping: new AbortController(),
    round: () =>
      new Promise<boolean>((done) => {
        began += 1;
        rounds.push(() => done(false));
        waiting.splice(0).forEach((wake) => wake());
      }),
  });
  /** Resolves once `count` rounds have begun. */
  const begun = (count: number) =>
    new Promise<void>((resolve) => {
      const check = () => (began >= count ? resolve() : waiting.push(check));
      check();
    });
  /** Ends the round in progress. */
  const finish = () => rounds.shift()?.();
  return { ...started, begun, finish, began: () => began };
}

test('a kick while idle runs a round; a kick during a round runs the next at once', async () => {
  const w = worker();
  await w.begun(1);
  w.finish();
  // Nothing to do: the worker sleeps until the kick, not the hour's poll.
  await new Promise((r) => setImmediate(r));
  assert.equal(w.began(), 1);
  w.kick();
  await w.begun(2);
  // A kick during a round is kept: the next round follows it without another.
  w.kick();
  w.finish();
  await w.begun(3);
  w.finish();
  await w.stop();
  assert.equal(w.began(), 3);
});

test('earliestAfter answers the earliest time later than the bound', () => {
  assert.equal(earliestAfter([5, 3, 9, 1], 3), 5);
  assert.equal(earliestAfter([1, 2], 2), undefined);
  assert.equal(earliestAfter([], 0), undefined);
});
