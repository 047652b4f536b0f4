/**
 * The provider's side of a push transfer: for every transfer process this node provides in STARTED with format
 * `HttpData-PUSH`, the worker pushes the dataset's current object to the data plane the consumer's DataAddress
 * named (its transfer-scoped endpoint, mutual TLS, the consumer's certificate checked), several segments in flight,
 * then completes the process (TransferCompletionMessage) in the transaction of its `dataset.pushed` audit entry.
 *
 * Restart-safe without a table of its own: the job is "a STARTED push transfer", which is in `dsp_transfer`, and
 * what arrived is the receiver's blob store, which answers each attempt with the segments it still lacks. So after a
 * cut, a receiver that was down, or a restart of this node, the next attempt sends only the rest. Transient failures
 * are retried with back-off (kept in memory: a restart simply tries again at once); a refusal by the receiver
 * terminates the process with its reason. A suspension or termination stops a push in flight; a resumed transfer
 * is STARTED again and picked up.
 *
 * The protocol runtime tells the worker of each committed transfer step, so it polls the store only as a fallback: a
 * push starts once its transfer is STARTED and the consumer was told so (the TransferStartMessage delivered), and a
 * push in flight re-reads its transfer's state as soon as a step may have suspended or terminated it. A slower watch
 * of that state remains for a change no step announced (one made by another process on the same store).
 */
import type { NodeContext } from '../../node/context.ts';
import { protocolRuntime } from '../../protocol/node/runtime.ts';
import { commandTransfer } from '../../protocol/service/transfers.ts';
import { transferFromRow } from '../../protocol/store/rows.ts';
import type { Transfer } from '../../protocol/transfer/transfer.ts';
import '../../protocol/store/tables.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { latestObjectOf, type OwnedObject } from '../service/owned-objects.ts';
import '../service/tables.ts';
import { pushObject } from '../transfer/push.ts';
import { PUSH_FORMAT, pushTargetOf } from './data-address.ts';
import type { DataPlaneNode } from './dataplane-node.ts';
import { earliestAfter, startPollingWorker, type PollingWorker } from './polling-worker.ts';

export type OutboundPushes = PollingWorker;

/** Reasons a retry could fix: the link, the receiver down or busy or suspended, content not put yet. */
const TRANSIENT = /^(transfer-failed|http-5\d\d|no-content|transfer-not-started)$/;
const MAX_BACKOFF_MS = 60_000;
/** As for pulls (inbound-pulls.ts): concurrent durable writes at the receiver share its journal commits. */
const SEGMENTS_IN_FLIGHT = 8;
/**
 * How often the pushes in flight check that their transfers are still STARTED, beside the check each announced
 * transfer step causes: only for a change no step announced.
 */
const WATCH_MS = 1000;

type Outcome =
  | { ok: true; objectId: string; segments: number; sent: number; alreadyHeld: number }
  | { ok: false; reason: string; detail: string };

export function startOutboundPushes(options: {
  context: NodeContext;
  node: DataPlaneNode;
  pollMs?: number;
  idlePollMs?: number;
  concurrency?: number;
}): OutboundPushes {
  const { context, node } = options;
  const db = context.stores.metadata.db;
  const stopping = new AbortController();
  /** Per transfer: attempts so far, when the next may start, and segments acknowledged in this process's life. */
  const retries = new Map<string, { attempts: number; due: number }>();
  const sentSoFar = new Map<string, number>();

  async function candidates(): Promise<Transfer[]> {
    const rows = await db
      .selectFrom('dsp_transfer')
      .selectAll()
      .where('role', '=', 'provider')
      .where('state', '=', 'STARTED')
      .where('format', '=', PUSH_FORMAT)
      // Not before the consumer has the TransferStartMessage: its data plane refuses a push into a transfer it
      // does not know STARTED (a retry a second later). The delivery wakes the worker (protocol runtime).
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('dsp_outbox')
              .select('dsp_outbox.id')
              .where('dsp_outbox.process', '=', 'transfer')
              .whereRef('dsp_outbox.process_pid', '=', 'dsp_transfer.pid')
              .where('dsp_outbox.status', 'in', ['pending', 'sending']),
          ),
        ),
      )
      .orderBy('updated_at')
      .limit(32)
      .execute();
    const now = context.clock().getTime();
    return rows.map(transferFromRow).filter((t) => (retries.get(t.providerPid ?? '')?.due ?? 0) <= now);
  }

  /** The object this transfer carries, if its agreement still lets this node push it to the consumer. */
  async function objectOf(transfer: Transfer): Promise<Result<OwnedObject>> {
    const agreement = await node.agreements(transfer.agreementId);
    const what = `Cannot push the data of transfer "${transfer.providerPid ?? '?'}"`;
    if (
      agreement === undefined ||
      agreement.provider !== node.participant ||
      agreement.consumer !== transfer.counterparty
    )
      return err('unknown-agreement', `${what}: no agreement with ${transfer.counterparty}`);
    if (agreement.state !== 'active')
      return err('agreement-not-active', `${what}: its agreement is ${agreement.state}`);
    const object = await latestObjectOf(db, agreement.target);
    if (object === undefined)
      return err('no-content', `${what}: dataset "${agreement.target}" has no content yet`);
    return ok(object);
  }

  const forget = (pid: string) => {
    retries.delete(pid);
    sentSoFar.delete(pid);
  };

  /** The pushes in flight, by transfer: aborted once their transfer leaves STARTED. */
  const inFlight = new Map<string, AbortController>();
  let checking: Promise<void> | undefined;
  let checkAgain = false;
  let watchTimer: ReturnType<typeof setInterval> | undefined;

  /** Aborts each push in flight whose transfer left STARTED (suspended, terminated, completed elsewhere). */
  function checkInFlight(): void {
    if (checking !== undefined) {
      // A step committed while the states were being read: read them again once that is done.
      checkAgain = true;
      return;
    }
    const pids = [...inFlight.keys()];
    if (pids.length === 0) return;
    checking = db
      .selectFrom('dsp_transfer')
      .select(['pid', 'state'])
      .where('pid', 'in', pids)
      .execute()
      .then((rows) => {
        const states = new Map(rows.map((row) => [row.pid, row.state]));
        for (const pid of pids) {
          const state = states.get(pid);
          if (state === 'STARTED') continue;
          // A suspended transfer may resume and keeps its counts; an ended one is forgotten.
          if (state !== 'SUSPENDED') forget(pid);
          inFlight.get(pid)?.abort();
        }
      })
      .catch(() => undefined)
      .finally(() => {
        checking = undefined;
        if (!checkAgain) return;
        checkAgain = false;
        checkInFlight();
      });
  }

  function track(pid: string, controller: AbortController): () => void {
    inFlight.set(pid, controller);
    watchTimer ??= setInterval(checkInFlight, WATCH_MS);
    return () => {
      inFlight.delete(pid);
      if (inFlight.size > 0 || watchTimer === undefined) return;
      clearInterval(watchTimer);
      watchTimer = undefined;
    };
  }

  async function push(transfer: Transfer): Promise<void> {
    const pid = transfer.providerPid ?? '';
    const target = pushTargetOf(transfer);
    if (target === undefined) {
      return settle(transfer, {
        ok: false,
        reason: 'unsupported-data-address',
        detail: `Cannot push the data of transfer "${pid}": its DataAddress names no data plane of this process`,
      });
    }
    const object = await objectOf(transfer);
    if (!object.ok) return settle(transfer, object);
    const manifest = object.value.manifest;
    const controller = new AbortController();
    const onStop = () => controller.abort();
    stopping.signal.addEventListener('abort', onStop, { once: true });
    const untrack = track(pid, controller);
    try {
      const pushed = await pushObject({
        baseUrl: target,
        agent: context.peers.agent,
        manifest,
        agreementId: transfer.agreementId,
        blobs: context.stores.blobs,
        concurrency: options.concurrency ?? SEGMENTS_IN_FLIGHT,
        checkServer: node.keys.serverCheck(transfer.counterparty),
        signal: controller.signal,
        onMissing: (missing) =>
          context.logger.info(
            {
              transfer: pid,
              missing: missing.length,
              held: manifest.body.integrity.segments.length - missing.length,
            },
            'Data plane push attempt',
          ),
        onSent: () => sentSoFar.set(pid, (sentSoFar.get(pid) ?? 0) + 1),
      });
      if (controller.signal.aborted) return;
      await settle(
        transfer,
        pushed.ok
          ? {
              ok: true,
              objectId: manifest.body.objectId,
              segments: manifest.body.integrity.segments.length,
              ...pushed.value,
            }
          : pushed,
      );
    } finally {
      untrack();
      stopping.signal.removeEventListener('abort', onStop);
    }
  }

  async function settle(
    transfer: Transfer,
    outcome: Outcome | { ok: false; reason: string; detail: string },
  ) {
    const pid = transfer.providerPid ?? '';
    const now = context.clock();
    if (!outcome.ok && TRANSIENT.test(outcome.reason)) {
      const attempts = (retries.get(pid)?.attempts ?? 0) + 1;
      const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(attempts, 10));
      retries.set(pid, { attempts, due: now.getTime() + delay });
      context.logger.warn(
        { transfer: pid, reason: outcome.reason, detail: outcome.detail, attempts },
        'Data plane push will retry',
      );
      return;
    }
    const runtime = protocolRuntime(context);
    const actor = `participant:${node.participant}`;
    const attempts = (retries.get(pid)?.attempts ?? 0) + 1;
    await context.stores.metadata.transaction(async (trx) => {
      const event = outcome.ok
        ? { kind: 'complete' as const }
        : { kind: 'terminate' as const, code: outcome.reason, reason: [outcome.detail] };
      // The same transaction ends the transfer process, so "pushed" and "completed" never disagree.
      const ended = await commandTransfer(runtime.deps, { pid, event, actor, inTransaction: trx });
      if (!ended.ok) return;
      await node.audit(trx, {
        time: now.toISOString(),
        node: node.participant,
        kind: outcome.ok ? 'dataset.pushed' : 'dataset.push-failed',
        actor,
        subject: `transfer:${pid}`,
        details: outcome.ok
          ? {
              object: outcome.objectId,
              agreement: transfer.agreementId,
              consumer: transfer.counterparty,
              segments: outcome.segments,
              segmentsSent: sentSoFar.get(pid) ?? 0,
              attempts,
            }
          : { reason: outcome.reason, detail: outcome.detail },
      });
    });
    forget(pid);
    runtime.workers.kick();
  }

  const worker = startPollingWorker({
    context,
    pollMs: options.pollMs ?? 500,
    idlePollMs: options.idlePollMs ?? 4000,
    failure: 'Data plane push step failed',
    stopping,
    nextDue: (after) =>
      earliestAfter(
        [...retries.values()].map((retry) => retry.due),
        after,
      ),
    round: async () => {
      let busy = false;
      for (const transfer of await candidates()) {
        if (stopping.signal.aborted) break;
        busy = true;
        await push(transfer).catch((error: unknown) => {
          // A step that failed outside the push (the store, the protocol) waits before it is tried again.
          context.logger.error({ err: error, transfer: transfer.providerPid }, 'Data plane push step failed');
          retries.set(transfer.providerPid ?? '', {
            attempts: retries.get(transfer.providerPid ?? '')?.attempts ?? 0,
            due: context.clock().getTime() + 5000,
          });
        });
      }
      return busy;
    },
  });
  // A step may have started a push transfer (the worker looks for it) or suspended or ended one in flight.
  const unsubscribe = protocolRuntime(context).onTransferStep((pid) => {
    worker.kick();
    if (pid === undefined || inFlight.has(pid)) checkInFlight();
  });
  return {
    kick: worker.kick,
    stop: async () => {
      unsubscribe();
      await worker.stop();
    },
  };
}
