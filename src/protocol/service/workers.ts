/**
 * The node's protocol workers: two loops, one that answers owed decisions and one that delivers the outbox, each
 * woken at once by `kick()` after a step commits (and polling every `pollMs` for work that became due by time alone,
 * such as a retry after back-off). They run independently, so that deliveries waiting on a slow peer never hold
 * decisions back; the outbox claims up to `inFlight` due messages at once and delivers them in parallel. A decision
 * that committed wakes the outbox at once. Both stop when `stop()` is called or `signal` aborts, after the
 * deliveries in flight have settled.
 */
import { runPendingDecisions, type Deciders } from './decision-worker.ts';
import { claimDue, deliverRows } from './outbox-worker.ts';
import type { Owed } from './_steps.ts';
import type { ProtocolDeps, TransportPort } from './ports.ts';

export type ProtocolWorkers = {
  /** Wakes the loops that `owed` names (both when it is not given). */
  kick(owed?: Owed): void;
  stop(): Promise<void>;
};

type Loop = { kick(): void; stop(): Promise<void> };

/**
 * Runs `step` again at once while it fills its batch (`full`), else sleeps until kicked or `pollMs` passes: a batch
 * that was not full took everything due, and anything that becomes due since comes with a kick (or the poll).
 */
function workerLoop(
  step: () => Promise<{ full: boolean }>,
  options: { pollMs: number; onError: ((error: unknown) => void) | undefined },
): Loop {
  let stopped = false;
  let kicked = false;
  let wake: (() => void) | undefined;
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
      }, options.pollMs);
      wake = () => {
        clearTimeout(timer);
        wake = undefined;
        kicked = false;
        resolve();
      };
    });
  const running = (async () => {
    // Begin on a later tick, so that the step may refer to the loop it belongs to.
    await Promise.resolve();
    while (!stopped) {
      let full = false;
      try {
        ({ full } = await step());
      } catch (error) {
        options.onError?.(error);
      }
      if (!full) await pause();
    }
  })();
  return {
    kick: () => {
      kicked = true;
      wake?.();
    },
    stop: async () => {
      stopped = true;
      wake?.();
      await running;
    },
  };
}

export function startProtocolWorkers(
  deps: ProtocolDeps,
  options: {
    transport: TransportPort;
    deciders: Deciders;
    pollMs?: number;
    /** Decisions answered per transaction. */
    batch?: number;
    /** Outbox deliveries in flight at once. */
    inFlight?: number;
    /** How long a claimed delivery is leased before another worker may take it over. */
    leaseMs?: number;
    signal?: AbortSignal;
    onError?: (error: unknown) => void;
  },
): ProtocolWorkers {
  const pollMs = options.pollMs ?? 250;
  const batch = options.batch ?? 64;
  const capacity = options.inFlight ?? 64;
  const leaseMs = options.leaseMs ?? 30_000;
  const inFlight = new Set<Promise<void>>();

  // One claim per batch, delivered in parallel across processes: claiming per freed slot instead costs a locking
  // claim per message, which measured slower than waiting for the batch's slowest peer.
  const outbox = workerLoop(
    async () => {
      const rows = await claimDue(deps, { limit: capacity, leaseMs });
      const deliveries = deliverRows(deps, options.transport, rows);
      inFlight.add(deliveries.then(() => undefined));
      try {
        await deliveries;
      } finally {
        inFlight.clear();
      }
      return { full: rows.length >= capacity };
    },
    { pollMs, onError: options.onError },
  );
  const decisions = workerLoop(
    async () => {
      const answered = await runPendingDecisions(deps, { deciders: options.deciders, limit: batch });
      if (answered > 0) outbox.kick();
      return { full: answered >= batch };
    },
    { pollMs, onError: options.onError },
  );

  const kick = (owed?: Owed) => {
    if (owed?.decision ?? true) decisions.kick();
    if (owed?.outbox ?? true) outbox.kick();
  };
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await Promise.all([decisions.stop(), outbox.stop()]);
      await Promise.allSettled([...inFlight]);
    })();
    return stopping;
  };
  options.signal?.addEventListener('abort', () => void stop(), { once: true });
  return { kick, stop };
}
