/**
 * The node's protocol workers: two loops on the node's shared worker loop (src/shared/wake-loop.ts), one that
 * answers owed decisions and one that delivers the outbox, each woken at once by `kick()` after a step commits, and
 * run again at once while a round fills its batch (a batch that was not full took everything due). They poll for
 * work that became due by time alone (a retry after back-off) every `pollMs` while there is work, backing off to
 * `idlePollMs` while there is none. They run independently, so that deliveries waiting on a slow peer never hold
 * decisions back; the outbox claims up to `inFlight` due messages at once and delivers them in parallel. A decision
 * that committed wakes the outbox at once; a batch of deliveries that settled is told to `onDelivered` (a delivered
 * TransferStartMessage lets the node's data plane push). Both stop when `stop()` is called or `signal` aborts, after the
 * deliveries in flight have settled.
 */
import { startWakeLoop } from '../../shared/wake-loop.ts';
import { runPendingDecisions, type Deciders } from './decision-worker.ts';
import { claimDue, deliverRows, type OutboxRow } from './outbox-worker.ts';
import type { Owed } from './_steps.ts';
import type { ProtocolDeps, TransportPort } from './ports.ts';

export type ProtocolWorkers = {
  /** Wakes the loops that `owed` names (both when it is not given). */
  kick(owed?: Owed): void;
  stop(): Promise<void>;
};

export function startProtocolWorkers(
  deps: ProtocolDeps,
  options: {
    transport: TransportPort;
    deciders: Deciders;
    pollMs?: number;
    /** The longest poll interval while there is nothing to do. */
    idlePollMs?: number;
    /** Decisions answered per transaction. */
    batch?: number;
    /** Outbox deliveries in flight at once. */
    inFlight?: number;
    /** How long a claimed delivery is leased before another worker may take it over. */
    leaseMs?: number;
    signal?: AbortSignal;
    onError?: (error: unknown) => void;
    /** Called with the rows of each batch of deliveries once they settled (delivered, retried later or rejected). */
    onDelivered?: (rows: readonly OutboxRow[]) => void;
  },
): ProtocolWorkers {
  const pollMs = options.pollMs ?? 250;
  const idlePollMs = options.idlePollMs ?? 2_000;
  const onError = options.onError ?? (() => {});
  const batch = options.batch ?? 64;
  const capacity = options.inFlight ?? 64;
  const leaseMs = options.leaseMs ?? 30_000;
  const inFlight = new Set<Promise<void>>();

  // One claim per batch, delivered in parallel across processes: claiming per freed slot instead costs a locking
  // claim per message, which measured slower than waiting for the batch's slowest peer.
  const outbox = startWakeLoop({
    round: async () => {
      const rows = await claimDue(deps, { limit: capacity, leaseMs });
      const deliveries = deliverRows(deps, options.transport, rows);
      inFlight.add(deliveries.then(() => undefined));
      try {
        await deliveries;
      } finally {
        inFlight.clear();
      }
      if (rows.length > 0) options.onDelivered?.(rows);
      return { again: rows.length >= capacity, worked: rows.length > 0 };
    },
    pollMs,
    idlePollMs,
    onError,
  });
  const decisions = startWakeLoop({
    round: async () => {
      const answered = await runPendingDecisions(deps, { deciders: options.deciders, limit: batch });
      if (answered > 0) outbox.kick();
      return { again: answered >= batch, worked: answered > 0 };
    },
    pollMs,
    idlePollMs,
    onError,
  });

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
