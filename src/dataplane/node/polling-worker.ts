/**
 * The data plane's workers (inbound pulls, outbound pushes) on the node's shared worker loop (src/shared/wake-loop.ts):
 * they are kicked when the protocol commits a transfer step (protocol runtime, `onTransferStep`), a round that found
 * work is followed by the next at once, a failed round is logged, and the worker stops when asked or when the node
 * shuts down.
 */
import type { NodeContext } from '../../node/context.ts';
import { startWakeLoop, type WakeLoop } from '../../shared/wake-loop.ts';

export type PollingWorker = WakeLoop;

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
  const loop = startWakeLoop({
    round: async () => {
      const busy = await options.round();
      return { again: busy, worked: busy };
    },
    pollMs: options.pollMs,
    idlePollMs: options.idlePollMs,
    onError: (error) => context.logger.error({ err: error }, options.failure),
    signal: stopping.signal,
    now: () => context.clock().getTime(),
    ...(options.nextDue === undefined ? {} : { nextDue: options.nextDue }),
  });
  return {
    kick: loop.kick,
    stop: async () => {
      stopping.abort();
      context.shutdown.removeEventListener('abort', onShutdown);
      await loop.stop();
    },
  };
}

/** The earliest of `times` later than `after`, if any. */
export function earliestAfter(times: Iterable<number>, after: number): number | undefined {
  let earliest: number | undefined;
  for (const time of times) if (time > after && (earliest === undefined || time < earliest)) earliest = time;
  return earliest;
}
