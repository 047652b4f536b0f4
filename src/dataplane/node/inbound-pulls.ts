/**
 * The consumer's side of a pull transfer: for every pull transfer process of this node that reached STARTED with a
 * DataAddress of our data plane, the worker asks the owner which object the agreement carries, pulls it (resumable,
 * several segments in flight, each kept only when its SHA-256 matches the signed manifest), records it as received
 * and completes the transfer process (TransferCompletionMessage). What it does is kept in `dataplane_inbound` and in
 * the blob store, so a restart of either side resumes where it stopped; a cut or an unreachable owner is retried
 * with back-off, a refusal by the owner terminates the transfer with its reason. The protocol runtime kicks the
 * worker after each committed transfer step (a TransferStartMessage received), so a pull starts at once.
 */
import { sql } from 'kysely';
import type { NodeContext } from '../../node/context.ts';
import { crashAfterStep } from '../../protocol/node/crash-point.ts';
import { protocolRuntime } from '../../protocol/node/runtime.ts';
import { commandTransfer } from '../../protocol/service/transfers.ts';
import { transferFromRow } from '../../protocol/store/rows.ts';
import type { Transfer } from '../../protocol/transfer/transfer.ts';
import '../../protocol/store/tables.ts';
import { callJson, TransferHttpError } from '../transfer/http.ts';
import { pullObject } from '../transfer/pull.ts';
import '../service/tables.ts';
import { DATAPLANE_ENDPOINT_TYPE, dataPlaneEndpointOf, PULL_FORMAT } from './data-address.ts';
import type { DataPlaneNode } from './dataplane-node.ts';
import { earliestAfter, startPollingWorker, type PollingWorker } from './polling-worker.ts';

export type InboundPulls = PollingWorker;

/**
 * Reasons a retry could fix: the link, the owner being down or busy, or a dataset whose content the owner has not
 * put yet (the transfer stays STARTED and moves the content once it is there).
 */
const TRANSIENT = /^(transfer-failed|http-5\d\d|no-content)$/;
const MAX_BACKOFF_MS = 60_000;
/**
 * Segments fetched at once. Each kept segment ends in a durable write (fsync, rename, directory fsync); concurrent
 * ones share the file system's journal commits, and the benchmark measured 8 in flight 1.4 times faster than 4
 * on a busy disk, for about 1 MiB of buffer each.
 */
const SEGMENTS_IN_FLIGHT = 8;

type Candidate = { pid: string; transfer: Transfer; endpoint: string };

export function startInboundPulls(options: {
  context: NodeContext;
  node: DataPlaneNode;
  pollMs?: number;
  idlePollMs?: number;
  concurrency?: number;
}): InboundPulls {
  const { context, node } = options;
  const db = context.stores.metadata.db;
  const stopping = new AbortController();
  const segmentKept = crashAfterStep('dataplane.segment-kept');
  /** Retries this process scheduled (`next_attempt_at`), so that the idle worker wakes for them. */
  const retries = new Map<string, number>();

  async function candidates(): Promise<Candidate[]> {
    const now = context.clock();
    const rows = await db
      .selectFrom('dsp_transfer')
      .leftJoin('dataplane_inbound', 'dataplane_inbound.transfer_pid', 'dsp_transfer.pid')
      .selectAll('dsp_transfer')
      .select(['dataplane_inbound.state as inbound', 'dataplane_inbound.next_attempt_at as due'])
      .where('dsp_transfer.role', '=', 'consumer')
      .where('dsp_transfer.state', '=', 'STARTED')
      // A push transfer's DataAddress is this node's own receiving endpoint: nothing to pull.
      .where('dsp_transfer.format', '=', PULL_FORMAT)
      // Transfers of other data planes never crowd ours out of the batch.
      .where(sql<string>`dsp_transfer.data_address->>'endpointType'`, '=', DATAPLANE_ENDPOINT_TYPE)
      .where((eb) =>
        eb.or([
          eb('dataplane_inbound.state', 'is', null),
          eb.and([
            eb('dataplane_inbound.state', '=', 'pulling'),
            eb('dataplane_inbound.next_attempt_at', '<=', now),
          ]),
        ]),
      )
      .orderBy('dsp_transfer.updated_at')
      .limit(32)
      .execute();
    return rows.flatMap((row) => {
      if (row.inbound === 'failed' || (row.due !== null && row.due > now)) return [];
      const transfer = transferFromRow(row);
      const endpoint = dataPlaneEndpointOf(transfer.dataAddress);
      return endpoint === undefined ? [] : [{ pid: row.pid, transfer, endpoint }];
    });
  }

  async function pull(candidate: Candidate): Promise<void> {
    const { pid, transfer, endpoint } = candidate;
    const provider = transfer.counterparty;
    await db
      .insertInto('dataplane_inbound')
      .values({
        transfer_pid: pid,
        agreement_id: transfer.agreementId,
        provider,
        endpoint,
        object_id: null,
        state: 'pulling',
        error: null,
      })
      .onConflict((conflict) => conflict.column('transfer_pid').doNothing())
      .execute();
    const checkServer = node.keys.serverCheck(provider);
    const what = `Cannot pull the data of transfer "${pid}"`;
    let outcome: { ok: true; objectId: string } | { ok: false; reason: string; detail: string };
    try {
      const named = (await callJson({
        url: `${endpoint}/agreements/${encodeURIComponent(transfer.agreementId)}/object`,
        agent: context.peers.agent,
        what,
        checkServer,
        signal: stopping.signal,
      })) as { objectId?: unknown };
      if (typeof named.objectId !== 'string') throw new TypeError(`${what}: the owner named no object`);
      const objectId = named.objectId;
      await db
        .updateTable('dataplane_inbound')
        .set({ object_id: objectId, updated_at: context.clock() })
        .where('transfer_pid', '=', pid)
        .execute();
      const pulled = await pullObject({
        baseUrl: endpoint,
        agent: context.peers.agent,
        objectId,
        agreementId: transfer.agreementId,
        store: context.stores.metadata,
        blobs: context.stores.blobs,
        manifestCheck: { lookup: node.keys.lookup, labelBinder: node.labelBinder },
        clock: context.clock,
        concurrency: options.concurrency ?? SEGMENTS_IN_FLIGHT,
        checkServer,
        signal: stopping.signal,
        onSegment: segmentKept,
      });
      outcome = pulled.ok
        ? { ok: true, objectId }
        : { ok: false, reason: pulled.reason, detail: pulled.detail };
    } catch (error) {
      outcome =
        error instanceof TransferHttpError
          ? { ok: false, reason: error.reason, detail: error.message }
          : {
              ok: false,
              reason: 'transfer-failed',
              detail: `${what}: ${error instanceof Error ? error.message : String(error)}`,
            };
    }
    if (stopping.signal.aborted) return;
    await settle(candidate, outcome);
  }

  async function settle(
    candidate: Candidate,
    outcome: { ok: true; objectId: string } | { ok: false; reason: string; detail: string },
  ): Promise<void> {
    const { pid } = candidate;
    const now = context.clock();
    const runtime = protocolRuntime(context);
    const actor = `participant:${node.participant}`;
    retries.delete(pid);
    if (outcome.ok || !TRANSIENT.test(outcome.reason)) {
      await context.stores.metadata.transaction(async (trx) => {
        await trx
          .updateTable('dataplane_inbound')
          .set({
            state: outcome.ok ? 'received' : 'failed',
            error: outcome.ok ? null : `${outcome.reason}: ${outcome.detail}`,
            updated_at: now,
          })
          .where('transfer_pid', '=', pid)
          .execute();
        await node.audit(trx, {
          time: now.toISOString(),
          node: node.participant,
          kind: outcome.ok ? 'dataset.received' : 'dataset.receive-failed',
          actor,
          subject: `transfer:${pid}`,
          details: outcome.ok
            ? { object: outcome.objectId, agreement: candidate.transfer.agreementId }
            : { reason: outcome.reason, detail: outcome.detail },
        });
        // The same transaction ends the transfer process, so "received" and "completed" never disagree.
        const event = outcome.ok
          ? { kind: 'complete' as const }
          : { kind: 'terminate' as const, code: outcome.reason, reason: [outcome.detail] };
        await commandTransfer(runtime.deps, { pid, event, actor, inTransaction: trx });
      });
      runtime.workers.kick();
      return;
    }
    const row = await db
      .selectFrom('dataplane_inbound')
      .select('attempts')
      .where('transfer_pid', '=', pid)
      .executeTakeFirst();
    const attempts = (row?.attempts ?? 0) + 1;
    const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(attempts, 10));
    retries.set(pid, now.getTime() + delay);
    await db
      .updateTable('dataplane_inbound')
      .set({
        attempts,
        error: `${outcome.reason}: ${outcome.detail}`,
        next_attempt_at: new Date(now.getTime() + delay),
        updated_at: now,
      })
      .where('transfer_pid', '=', pid)
      .execute();
    context.logger.warn({ transfer: pid, reason: outcome.reason, attempts }, 'Data plane pull will retry');
  }

  const worker = startPollingWorker({
    context,
    pollMs: options.pollMs ?? 500,
    idlePollMs: options.idlePollMs ?? 4000,
    failure: 'Data plane pull step failed',
    stopping,
    nextDue: (after) => {
      // A retry due before the last round began was that round's to take.
      for (const [pid, due] of retries) if (due <= after) retries.delete(pid);
      return earliestAfter(retries.values(), after);
    },
    round: async () => {
      let busy = false;
      for (const candidate of await candidates()) {
        if (stopping.signal.aborted) break;
        busy = true;
        await pull(candidate).catch(async (error: unknown) => {
          // A step that failed outside the pull (the store, the protocol) waits before it is tried again.
          context.logger.error({ err: error, transfer: candidate.pid }, 'Data plane pull step failed');
          const due = context.clock().getTime() + 5000;
          retries.set(candidate.pid, due);
          await db
            .updateTable('dataplane_inbound')
            .set({ next_attempt_at: new Date(due) })
            .where('transfer_pid', '=', candidate.pid)
            .execute();
        });
      }
      return busy;
    },
  });
  // Any transfer step may be a pull that can start (or resume) now.
  const unsubscribe = protocolRuntime(context).onTransferStep(() => worker.kick());
  return {
    kick: worker.kick,
    stop: async () => {
      unsubscribe();
      await worker.stop();
    },
  };
}
