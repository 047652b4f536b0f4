/**
 * Answers the decisions processes owe (`pending_question`): a batch of processes claimed with `FOR UPDATE SKIP
 * LOCKED` in one transaction, so that several replicas of a node share the work and a crash leaves the questions
 * pending. A decision never calls another node (its messages go through the outbox), so the transaction stays short.
 * The audit entries of the whole batch (decisions and steps, in order) are appended together before it commits.
 */
import { sql, type Selectable, type Transaction } from 'kysely';
import type { AuditEntryInput } from '../../audit/entry/entry.ts';
import type { Database } from '../../store/metadata/database.ts';
import type { DspNegotiationTable, DspTransferTable } from '../store/tables.ts';
import { jsonb } from '../../store/metadata/jsonb.ts';
import { negotiationFromRow, transferFromRow } from '../store/rows.ts';
import { deferWrites, flushWrites } from './_deferred-writes.ts';
import { claimOwed } from './_process-shell.ts';
import { persistNegotiation, persistTransfer } from './_steps.ts';
import type { NegotiationDecider, ProtocolDeps, TransferDecider } from './ports.ts';
import { transition as negotiate } from '../negotiation/transition.ts';
import type { NegotiationQuestion } from '../negotiation/negotiation.ts';
import { transition as transfer } from '../transfer/transition.ts';

export type Deciders = { negotiation: NegotiationDecider; transfer: TransferDecider };

async function decideNegotiations(
  deps: ProtocolDeps,
  options: { decide: NegotiationDecider; limit: number },
): Promise<number> {
  return deps.store.transaction(async (trx) => {
    const rows = await claimOwedNegotiations(trx, options.limit);
    const audit: AuditEntryInput[] = [];
    // The batch's negotiations are distinct and claimed with what their deciders read: their steps' writes go
    // together, one statement per kind of row.
    deferWrites(trx);
    for (const row of rows) await decideNegotiation(deps, { decide: options.decide, row, trx, audit });
    await flushWrites(trx);
    if (audit.length > 0) await deps.audit(trx, audit);
    return rows.length;
  });
}

type OwedNegotiation = Selectable<DspNegotiationTable> & {
  recorded_agreement: unknown;
  provider_signature: string | null;
  consumer_signature: string | null;
  provider_certificate: string | null;
  consumer_certificate: string | null;
};

/** Up to `limit` negotiations that owe a decision, oldest first, locked, each with the agreement kept for it. */
async function claimOwedNegotiations(trx: Transaction<Database>, limit: number): Promise<OwedNegotiation[]> {
  const result = await sql<OwedNegotiation>`
    select n.*, a.agreement as recorded_agreement, a.provider_signature, a.consumer_signature,
      a.provider_certificate, a.consumer_certificate
    from dsp_negotiation n left join dsp_agreement a on a.negotiation_pid = n.pid
    where n.pending_question is not null
    order by n.updated_at
    limit ${limit}
    for update of n skip locked`.execute(trx);
  return result.rows;
}

async function decideNegotiation(
  deps: ProtocolDeps,
  options: {
    decide: NegotiationDecider;
    row: OwedNegotiation;
    trx: Transaction<Database>;
    audit: AuditEntryInput[];
  },
): Promise<void> {
  const { row, trx, decide, audit } = options;
  const negotiation = negotiationFromRow(row);
  const question = row.pending_question as NegotiationQuestion;
  const event = await decide({
    question,
    pid: row.pid,
    negotiation,
    counterpartyCountry: row.counterparty_country,
    trx,
    audit: (entry) => audit.push(entry),
    recorded:
      row.recorded_agreement === null
        ? null
        : {
            agreement: row.recorded_agreement,
            providerSignature: row.provider_signature,
            consumerSignature: row.consumer_signature,
            providerCertificate: row.provider_certificate,
            consumerCertificate: row.consumer_certificate,
          },
  });
  const result = event === null ? null : negotiate(negotiation, event);
  if (event === null || result === null || !result.ok) {
    const outcome =
      result !== null && !result.ok
        ? { refused: result.reason, detail: result.detail }
        : { undecided: question };
    await trx
      .updateTable('dsp_negotiation')
      .set({ pending_question: null, outcome: jsonb(outcome), updated_at: deps.clock() })
      .where('pid', '=', row.pid)
      .execute();
    return;
  }
  await persistNegotiation(trx, deps, {
    created: false,
    after: result.state,
    effects: result.effects,
    actor: `node:${deps.node}`,
    what: `${question} → ${event.kind}`,
    audit,
    ...(event.kind === 'terminate' && event.reason !== undefined
      ? { outcome: { terminated: event.code ?? null, reasons: event.reason } }
      : {}),
  });
}

async function decideTransfers(
  deps: ProtocolDeps,
  options: { decide: TransferDecider; limit: number },
): Promise<number> {
  return deps.store.transaction(async (trx) => {
    const rows = await claimOwed(trx, { table: 'dsp_transfer', limit: options.limit });
    const audit: AuditEntryInput[] = [];
    for (const row of rows) await decideTransfer(deps, { decide: options.decide, row, trx, audit });
    if (audit.length > 0) await deps.audit(trx, audit);
    return rows.length;
  });
}

async function decideTransfer(
  deps: ProtocolDeps,
  options: {
    decide: TransferDecider;
    row: Selectable<DspTransferTable>;
    trx: Transaction<Database>;
    audit: AuditEntryInput[];
  },
): Promise<void> {
  const { row, trx, decide, audit } = options;
  const current = transferFromRow(row);
  const event = await decide({ question: 'transfer-request', pid: row.pid, transfer: current, trx });
  const result = event === null ? null : transfer(current, event);
  if (event === null || result === null || !result.ok) {
    const outcome =
      result !== null && !result.ok ? { refused: result.reason, detail: result.detail } : { undecided: true };
    await trx
      .updateTable('dsp_transfer')
      .set({ pending_question: null, outcome: jsonb(outcome), updated_at: deps.clock() })
      .where('pid', '=', row.pid)
      .execute();
    return;
  }
  await persistTransfer(trx, deps, {
    created: false,
    after: result.state,
    effects: result.effects,
    actor: `node:${deps.node}`,
    what: `transfer-request → ${event.kind}`,
    audit,
    ...(event.kind === 'terminate' && event.reason !== undefined
      ? { outcome: { terminated: event.code ?? null, reasons: event.reason } }
      : {}),
  });
}

/** Answers up to `limit` owed decisions; returns how many processes it handled. */
export async function runPendingDecisions(
  deps: ProtocolDeps,
  options: { deciders: Deciders; limit: number },
): Promise<number> {
  // One cheap look (partial indexes) before any locking transaction: an idle node polls without taking locks.
  const owed = await sql<{ negotiations: boolean; transfers: boolean }>`
    select exists (select 1 from dsp_negotiation where pending_question is not null) as negotiations,
           exists (select 1 from dsp_transfer where pending_question is not null) as transfers`.execute(
    deps.store.db,
  );
  const { negotiations: anyNegotiation, transfers: anyTransfer } = owed.rows[0] ?? {};
  const negotiations = anyNegotiation
    ? await decideNegotiations(deps, { decide: options.deciders.negotiation, limit: options.limit })
    : 0;
  const transfers = anyTransfer
    ? await decideTransfers(deps, { decide: options.deciders.transfer, limit: options.limit })
    : 0;
  return negotiations + transfers;
}
