/**
 * The node's protocol workers: one loop that answers owed decisions and delivers the outbox, polling every
 * `pollMs` and woken at once by `kick()` after a step commits. Stops when `stop()` is called or `signal` aborts.
 */
import { runPendingDecisions, type Deciders } from './decision-worker.ts';
import { deliverDue } from './outbox-worker.ts';
import type { ProtocolDeps, TransportPort } from './ports.ts';

export type ProtocolWorkers = {
  kick(): void;
  stop(): Promise<void>;
};

export function startProtocolWorkers(
  deps: ProtocolDeps,
  options: {
    transport: TransportPort;
    deciders: Deciders;
    pollMs?: number;
    batch?: number;
    signal?: AbortSignal;
    onError?: (error: unknown) => void;
  },
): ProtocolWorkers {
  const pollMs = options.pollMs ?? 250;
  const batch = options.batch ?? 64;
  let stopped = false;
  let wake: (() => void) | undefined;
  let kicked = false;

  const pause = () =>
    new Promise<void>((resolve) => {
      if (kicked || stopped) {
        kicked = false;
        resolve();
        return;
      }
      const timer = setTimeout(() => {
        wake = undefined;
        resolve();
      }, pollMs);
      wake = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
    });

  const loop = async (): Promise<void> => {
    while (!stopped) {
      let busy = 0;
      try {
        busy += await runPendingDecisions(deps, { deciders: options.deciders, limit: batch });
        const report = await deliverDue(deps, { transport: options.transport, limit: batch });
        busy += report.delivered + report.rejected + report.retried;
      } catch (error) {
        options.onError?.(error);
      }
      if (busy === 0) await pause();
    }
  };
  const running = loop();
  const kick = () => {
    kicked = true;
    wake?.();
  };
  const stop = async () => {
    stopped = true;
    wake?.();
    await running;
  };
  options.signal?.addEventListener('abort', () => void stop(), { once: true });
  return { kick, stop };
}
