/**
 * The loop a node's background workers share (the protocol's decisions and outbox, the data plane's pulls and
 * pushes): run a round; run the next at once when the round asks for it (`again`: its batch was full), otherwise
 * sleep until kicked or the poll interval passes. The workers are kicked when something they care about commits, so
 * the poll is only a fallback for work that became due by time alone (a retry after back-off): `pollMs` after a round
 * that found work, doubling up to `idlePollMs` while rounds find none (an idle node then queries its store rarely),
 * and never past `nextDue`, the earliest retry the caller knows of. A kick resets the interval; a kick during a round
 * is kept and runs the next one at once. A round that throws goes to `onError` and the loop goes on: its work is in
 * the store and the next round finds it again.
 */
export type WakeLoop = { kick(): void; stop(): Promise<void> };

export type RoundOutcome = {
  /** Run the next round at once (the round filled its batch, or found work to follow up). */
  readonly again: boolean;
  /** The round found work: poll again after `pollMs`, not after a longer idle interval. */
  readonly worked: boolean;
};

export function startWakeLoop(options: {
  round: () => Promise<RoundOutcome>;
  pollMs: number;
  /** The longest sleep while rounds find nothing to do (at least `pollMs`). */
  idlePollMs: number;
  onError: (error: unknown) => void;
  /** Ends the loop, as `stop()` does. */
  signal?: AbortSignal;
  /** Milliseconds since the epoch (the caller's clock, which `nextDue` answers in). */
  now?: () => number;
  /** When the earliest retry the caller knows of, due after `after` (when the last round began), becomes due. */
  nextDue?: (after: number) => number | undefined;
}): WakeLoop {
  const now = options.now ?? Date.now;
  const idlePollMs = Math.max(options.pollMs, options.idlePollMs);
  let stopped = false;
  let sleepMs = options.pollMs;
  let kicked = false;
  let wake: (() => void) | undefined;
  /** When the last round began: a retry due since then was not seen by it. */
  let roundBegan = 0;
  const ended = () => stopped || options.signal?.aborted === true;

  const sleep = () =>
    new Promise<void>((resolve) => {
      if (kicked || ended()) {
        resolve();
        return;
      }
      const due = options.nextDue?.(roundBegan);
      const untilDue = due === undefined ? Infinity : Math.max(0, due - now());
      const timer = setTimeout(
        () => {
          wake = undefined;
          resolve();
        },
        Math.min(sleepMs, untilDue),
      );
      wake = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
    });

  const onAbort = () => wake?.();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const running = (async () => {
    // Begin on a later tick, so that a round may refer to the loop it belongs to.
    await Promise.resolve();
    while (!ended()) {
      // A kick from here on is for what this round may not see.
      kicked = false;
      roundBegan = now();
      let outcome: RoundOutcome = { again: false, worked: true };
      try {
        outcome = await options.round();
      } catch (error) {
        if (!ended()) options.onError(error);
      }
      sleepMs = outcome.worked ? options.pollMs : Math.min(idlePollMs, sleepMs * 2);
      if (!outcome.again) await sleep();
    }
    options.signal?.removeEventListener('abort', onAbort);
  })();
  return {
    kick: () => {
      kicked = true;
      sleepMs = options.pollMs;
      wake?.();
    },
    stop: async () => {
      stopped = true;
      wake?.();
      await running;
    },
  };
}
