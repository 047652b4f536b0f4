/**
 * The loop the data plane's workers share (inbound pulls, outbound pushes): run one round, again at once while a
 * round found work, otherwise after `pollMs` or a kick; stop when asked or when the node shuts down. A round that
 * throws is logged and the loop goes on: its work is in the store and the next round finds it again.
 */
import type { NodeContext } from '../../node/context.ts';

export type PollingWorker = { kick(): void; stop(): Promise<void> };

export function startPollingWorker(options: {
  context: NodeContext;
  pollMs: number;
  /** The message a failed round is logged with. */
  failure: string;
  /** Aborted when the worker stops or the node shuts down; the caller's work in flight listens to it. */
  stopping: AbortController;
  /** One round; answers whether it found work. */
  round: () => Promise<boolean>;
}): PollingWorker {
  const { context, stopping } = options;
  const onShutdown = () => stopping.abort();
  context.shutdown.addEventListener('abort', onShutdown, { once: true });
  let wake: (() => void) | undefined;

  const loop = async () => {
    while (!stopping.signal.aborted) {
      let busy = false;
      try {
        busy = await options.round();
      } catch (error) {
        if (!stopping.signal.aborted) context.logger.error({ err: error }, options.failure);
      }
      if (!busy && !stopping.signal.aborted) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, options.pollMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
    }
  };
  const running = loop();
  return {
    kick: () => wake?.(),
    stop: async () => {
      stopping.abort();
      wake?.();
      context.shutdown.removeEventListener('abort', onShutdown);
      await running;
    },
  };
}
