/**
 * The loop the data plane's workers share (inbound pulls, outbound pushes): run one round, again at once while a
 * round found work, otherwise sleep until kicked or the poll interval passes; stop when asked or when the node
 * shuts down. A round that throws is logged and the loop goes on: its work is in the store and the next round
 * finds it again.
 *
 * The workers are kicked when the protocol commits a transfer step (protocol runtime, `onTransferStep`), so the
 * poll is only a fallback for work that became due by time alone (a retry after back-off) or that changed without
 * a kick: `pollMs` after a round that found work, doubling up to `idlePollMs` while rounds find none, and never
 * past `nextDue`, the earliest retry the worker knows of. A kick during a round is kept and runs the next at once.
 */
import type { NodeContext } from '../../node/context.ts';

export type PollingWorker = { kick(): void; stop(): Promise<void> };

export function startPollingWorker(options: {
  context: Pick<NodeContext, 'shutdown' | 'logger' | 'clock'>;
  pollMs: number;
  /** The longest sleep while rounds find nothing to do. */
  idlePollMs: number;
  /** The message a failed round is logged with. */
  failure: string;
  /** Aborted when the worker stops or the node shuts down; the caller's work in flight listens to it. */
  stopping: AbortController;
  /** One round; answers whether it found work. */
  round: () => Promise<boolean>;
  /** When (`context.clock` milliseconds) the earliest retry the worker knows of due after `after` becomes due. */
  nextDue?: (after: number) => number | undefined;
}): PollingWorker {
  const { context, stopping } = options;
  const onShutdown = () => stopping.abort();
  context.shutdown.addEventListener('abort', onShutdown, { once: true });
  const idlePollMs = Math.max(options.pollMs, options.idlePollMs);
  let sleepMs = options.pollMs;
  let kicked = false;
  let wake: (() => void) | undefined;
  /** When the last round began: a retry due since then was not seen by it. */
  let roundBegan = 0;

  const sleep = () =>
    new Promise<void>((resolve) => {
      if (kicked || stopping.signal.aborted) {
        resolve();
        return;
      }
      const due = options.nextDue?.(roundBegan);
      const untilDue = due === undefined ? Infinity : Math.max(0, due - context.clock().getTime());
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

  const loop = async () => {
    while (!stopping.signal.aborted) {
      // A kick from here on is for what this round may not see.
      kicked = false;
      roundBegan = context.clock().getTime();
      let busy = false;
      try {
        busy = await options.round();
      } catch (error) {
        if (!stopping.signal.aborted) context.logger.error({ err: error }, options.failure);
      }
      sleepMs = busy ? options.pollMs : Math.min(idlePollMs, sleepMs * 2);
      if (!busy) await sleep();
    }
  };
  const running = loop();
  return {
    kick: () => {
      kicked = true;
      sleepMs = options.pollMs;
      wake?.();
    },
    stop: async () => {
      stopping.abort();
      wake?.();
      context.shutdown.removeEventListener('abort', onShutdown);
      await running;
    },
  };
}

/** The earliest of `times` later than `after`, if any. */
export function earliestAfter(times: Iterable<number>, after: number): number | undefined {
  let earliest: number | undefined;
  for (const time of times) if (time > after && (earliest === undefined || time < earliest)) earliest = time;
  return earliest;
}
