/**
 * Delivers the outbox. A claim marks due rows `sending` under a lease (`FOR UPDATE SKIP LOCKED`, committed before any
 * network call), only the oldest undelivered row of each process, so that messages of one process keep their order.
 * A 2xx marks the row delivered; a 4xx marks it rejected (the peer refused it: sending again cannot help); anything
 * else is retried with exponential back-off, so that a peer that is down catches up when it returns. A crash while
 * sending leaves the lease to expire and the row to be claimed again: delivery is at least once, and the receiving
 * state machines recognise redeliveries.
 */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../store/metadata/database.ts';
import type { ContractNegotiation, TransferProcess } from '../messages/types.ts';
import { validateDspMessage } from '../validate.ts';
import type { AuditEntryInput } from '../../audit/entry/entry.ts';
import { groupedStep } from './_grouped-steps.ts';
import { commandNegotiation } from './negotiations.ts';
import type { ProtocolDeps, TransportPort } from './ports.ts';
import { commandTransfer } from './transfers.ts';

type Trx = Transaction<Database>;

export type OutboxRow = {
  id: string;
  process: string;
  process_pid: string;
  counterparty: string;
  url: string;
  message: Record<string, unknown>;
  attempts: number;
};

export type DeliveryReport = { delivered: number; retried: number; rejected: number };

export const DEFAULT_BACKOFF = { baseMs: 250, maxMs: 60_000 };

export function backoffMs(attempts: number, backoff = DEFAULT_BACKOFF): number {
  return Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * Leases up to `limit` due rows: one statement, committed on its own before any delivery, so an idle outbox costs one
 * cheap round trip (partial indexes) and a busy one no transaction of its own.
 */
export async function claimDue(
  deps: ProtocolDeps,
  options: { limit: number; leaseMs: number },
): Promise<OutboxRow[]> {
  const now = deps.clock();
  const lease = new Date(now.getTime() + options.leaseMs);
  const result = await sql<OutboxRow>`
    with due as (
      select o.id from dsp_outbox o
      where (o.status = 'pending' or (o.status = 'sending' and o.lease_until < ${now}))
        and o.next_attempt_at <= ${now}
        and not exists (
          select 1 from dsp_outbox e
          where e.process_pid = o.process_pid and e.id < o.id and e.status in ('pending', 'sending'))
      order by o.id
      limit ${options.limit}
      for update skip locked)
    update dsp_outbox set status = 'sending', lease_until = ${lease}, attempts = dsp_outbox.attempts + 1
    from due where dsp_outbox.id = due.id
    returning dsp_outbox.id, dsp_outbox.process, dsp_outbox.process_pid, dsp_outbox.counterparty, dsp_outbox.url,
      dsp_outbox.message, dsp_outbox.attempts`.execute(deps.store.db);
  return [...result.rows].sort((a, b) => Number(a.id) - Number(b.id));
}

/** Whether the answer to `row` carries the counterparty's process id this node still has to record. */
function needsAcknowledgement(row: OutboxRow): boolean {
  const type = row.message['@type'];
  return (
    (type === 'ContractRequestMessage' && row.message['providerPid'] === undefined) ||
    (type === 'ContractOfferMessage' && row.message['consumerPid'] === undefined) ||
    type === 'TransferRequestMessage'
  );
}

/**
 * After an opening message is accepted, the answer carries the counterparty's process id: record it, and the delivery
 * of `row` in the same statement. When the step cannot apply (the process moved on), the delivery is settled alone.
 */
async function acknowledge(
  deps: ProtocolDeps,
  answer: { row: OutboxRow; body: unknown; trx: Trx; audit: AuditEntryInput[] },
): Promise<void> {
  const { row, body, trx, audit } = answer;
  const type = row.message['@type'];
  const actor = `participant:${row.counterparty}`;
  let applied = false;
  if (type === 'ContractRequestMessage' || type === 'ContractOfferMessage') {
    const ack = validateDspMessage('ContractNegotiation', body);
    if (!ack.ok)
      throw new Error(`Cannot read the acknowledgement of negotiation "${row.process_pid}": ${ack.detail}`);
    const { providerPid, consumerPid } = ack.value as ContractNegotiation;
    const outcome = await commandNegotiation(deps, {
      pid: row.process_pid,
      event:
        type === 'ContractRequestMessage'
          ? { kind: 'acknowledged', providerPid }
          : { kind: 'acknowledged', consumerPid },
      actor,
      inTransaction: trx,
      audit,
      delivers: row.id,
    });
    applied = outcome.ok;
  } else if (type === 'TransferRequestMessage') {
    const ack = validateDspMessage('TransferProcess', body);
    if (!ack.ok)
      throw new Error(`Cannot read the acknowledgement of transfer "${row.process_pid}": ${ack.detail}`);
    const outcome = await commandTransfer(deps, {
      pid: row.process_pid,
      event: { kind: 'acknowledged', providerPid: (ack.value as TransferProcess).providerPid },
      actor,
      inTransaction: trx,
      audit,
      delivers: row.id,
    });
    applied = outcome.ok;
  }
  if (!applied) await settle(deps, { row, outcome: { status: 'delivered' }, trx });
}

async function settle(
  deps: ProtocolDeps,
  settled: {
    row: OutboxRow;
    outcome: { status: 'delivered' | 'rejected' | 'pending'; error?: string };
    /** The transaction to settle in; by default a statement of its own. */
    trx?: Trx;
  },
): Promise<void> {
  const { row, outcome } = settled;
  const now = deps.clock();
  await (settled.trx ?? deps.store.db)
    .updateTable('dsp_outbox')
    .set({
      status: outcome.status,
      lease_until: null,
      last_error: outcome.error ?? null,
      ...(outcome.status === 'delivered' ? { delivered_at: now } : {}),
      ...(outcome.status === 'pending'
        ? { next_attempt_at: new Date(now.getTime() + backoffMs(row.attempts)) }
        : {}),
    })
    .where('id', '=', row.id)
    .execute();
}

/**
 * Delivers `row`. A plain delivery is not settled here but returned as `delivered-unsettled`, for the caller to settle
 * with the others of its batch in one statement; until then the row stays leased, and a crash resends it.
 */
async function deliverOne(
  deps: ProtocolDeps,
  transport: TransportPort,
  row: OutboxRow,
): Promise<keyof DeliveryReport | 'delivered-unsettled'> {
  try {
    const answer = await transport({ url: row.url, counterparty: row.counterparty, message: row.message });
    if (answer.status >= 200 && answer.status < 300) {
      if (!needsAcknowledgement(row)) return 'delivered-unsettled';
      // The counterparty's process id and the delivery are recorded together: one commit, never one without the other.
      await groupedStep(deps, (trx, audit) => acknowledge(deps, { row, body: answer.body, trx, audit }), {
        table: row.process === 'transfer' ? 'dsp_transfer' : 'dsp_negotiation',
        pid: row.process_pid,
      });
      return 'delivered';
    }
    const error = `HTTP ${answer.status}: ${JSON.stringify(answer.body).slice(0, 500)}`;
    if (answer.status >= 400 && answer.status < 500 && answer.status !== 408 && answer.status !== 429) {
      await settle(deps, { row, outcome: { status: 'rejected', error } });
      return 'rejected';
    }
    await settle(deps, { row, outcome: { status: 'pending', error } });
    return 'retried';
  } catch (error) {
    await settle(deps, {
      row,
      outcome: {
        status: 'pending',
        error: error instanceof Error ? error.message : String(error),
      },
    });
    return 'retried';
  }
}

/** Delivers `rows` in parallel (they belong to distinct processes) and settles the plain deliveries in one statement. */
export async function deliverRows(
  deps: ProtocolDeps,
  transport: TransportPort,
  rows: readonly OutboxRow[],
): Promise<DeliveryReport> {
  const outcomes = await Promise.all(rows.map((row) => deliverOne(deps, transport, row)));
  const report: DeliveryReport = { delivered: 0, retried: 0, rejected: 0 };
  const delivered: string[] = [];
  outcomes.forEach((outcome, i) => {
    if (outcome === 'delivered-unsettled') {
      delivered.push(String(rows[i]?.id));
      report.delivered += 1;
    } else {
      report[outcome] += 1;
    }
  });
  if (delivered.length > 0) {
    await sql`update dsp_outbox set status = 'delivered', lease_until = null, last_error = null,
        delivered_at = ${deps.clock()}
      where id = any(${delivered}::bigint[])`.execute(deps.store.db);
  }
  return report;
}

/** Claims and delivers up to `limit` due messages (in parallel across processes, in order within one). */
export async function deliverDue(
  deps: ProtocolDeps,
  options: { transport: TransportPort; limit: number; leaseMs?: number },
): Promise<DeliveryReport> {
  const rows = await claimDue(deps, { limit: options.limit, leaseMs: options.leaseMs ?? 30_000 });
  return deliverRows(deps, options.transport, rows);
}
