/**
 * Answers the decisions processes owe (`pending_question`), one process per transaction, claimed with
 * `FOR UPDATE SKIP LOCKED` so that several replicas of a node share the work and a crash leaves the question pending.
 */
import { jsonb } from '../../store/metadata/jsonb.ts';
import { negotiationFromRow, transferFromRow } from '../store/rows.ts';
import { persistNegotiation, persistTransfer } from './_steps.ts';
import type { NegotiationDecider, ProtocolDeps, TransferDecider } from './ports.ts';
import { transition as negotiate } from '../negotiation/transition.ts';
import type { NegotiationQuestion } from '../negotiation/negotiation.ts';
import { transition as transfer } from '../transfer/transition.ts';

export type Deciders = { negotiation: NegotiationDecider; transfer: TransferDecider };

async function decideOneNegotiation(deps: ProtocolDeps, decide: NegotiationDecider): Promise<boolean> {
  return deps.store.transaction(async (trx) => {
    const row = await trx
      .selectFrom('dsp_negotiation')
      .selectAll()
      .where('pending_question', 'is not', null)
      .orderBy('updated_at')
      .limit(1)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (row === undefined) return false;
    const negotiation = negotiationFromRow(row);
    const question = row.pending_question as NegotiationQuestion;
    const event = await decide({ question, pid: row.pid, negotiation, trx });
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
      return true;
    }
    await persistNegotiation(trx, deps, {
      created: false,
      after: result.state,
      effects: result.effects,
      actor: `node:${deps.node}`,
      what: `${question} → ${event.kind}`,
    });
    if (event.kind === 'terminate' && event.reason !== undefined) {
      await trx
        .updateTable('dsp_negotiation')
        .set({ outcome: jsonb({ terminated: event.code ?? null, reasons: event.reason }) })
        .where('pid', '=', row.pid)
        .execute();
    }
    return true;
  });
}

async function decideOneTransfer(deps: ProtocolDeps, decide: TransferDecider): Promise<boolean> {
  return deps.store.transaction(async (trx) => {
    const row = await trx
      .selectFrom('dsp_transfer')
      .selectAll()
      .where('pending_question', 'is not', null)
      .orderBy('updated_at')
      .limit(1)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (row === undefined) return false;
    const current = transferFromRow(row);
    const event = await decide({ question: 'transfer-request', pid: row.pid, transfer: current, trx });
    const result = event === null ? null : transfer(current, event);
    if (event === null || result === null || !result.ok) {
      const outcome =
        result !== null && !result.ok
          ? { refused: result.reason, detail: result.detail }
          : { undecided: true };
      await trx
        .updateTable('dsp_transfer')
        .set({ pending_question: null, outcome: jsonb(outcome), updated_at: deps.clock() })
        .where('pid', '=', row.pid)
        .execute();
      return true;
    }
    await persistTransfer(trx, deps, {
      created: false,
      after: result.state,
      effects: result.effects,
      actor: `node:${deps.node}`,
      what: `transfer-request → ${event.kind}`,
    });
    if (event.kind === 'terminate' && event.reason !== undefined) {
      await trx
        .updateTable('dsp_transfer')
        .set({ outcome: jsonb({ terminated: event.code ?? null, reasons: event.reason }) })
        .where('pid', '=', row.pid)
        .execute();
    }
    return true;
  });
}

/** Answers up to `limit` owed decisions; returns how many processes it handled. */
export async function runPendingDecisions(
  deps: ProtocolDeps,
  options: { deciders: Deciders; limit: number },
): Promise<number> {
  let handled = 0;
  while (handled < options.limit && (await decideOneNegotiation(deps, options.deciders.negotiation)))
    handled += 1;
  while (handled < options.limit && (await decideOneTransfer(deps, options.deciders.transfer))) handled += 1;
  return handled;
}
