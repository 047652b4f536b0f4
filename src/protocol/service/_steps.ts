// Persisting one step of a process: the new state, its outbox rows, agreements, the decision it owes and its audit
// entry, all in the caller's transaction.
import type { Transaction } from 'kysely';
import type { Database } from '../../store/metadata/database.ts';
import { jsonb } from '../../store/metadata/jsonb.ts';
import type { Negotiation, NegotiationEffect } from '../negotiation/negotiation.ts';
import { negotiationColumns, ownPid, transferColumns } from '../store/rows.ts';
import '../store/tables.ts';
import type { Transfer, TransferEffect } from '../transfer/transfer.ts';
import type { ProtocolDeps } from './ports.ts';

type Trx = Transaction<Database>;

export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

async function enqueue(
  trx: Trx,
  row: {
    process: 'negotiation' | 'transfer';
    pid: string;
    counterparty: string;
    url: string;
    message: unknown;
    now: Date;
  },
): Promise<void> {
  await trx
    .insertInto('dsp_outbox')
    .values({
      process: row.process,
      process_pid: row.pid,
      counterparty: row.counterparty,
      url: row.url,
      message: jsonb(row.message),
      next_attempt_at: row.now,
    })
    .execute();
}

export async function persistNegotiation(
  trx: Trx,
  deps: ProtocolDeps,
  step: {
    created: boolean;
    after: Negotiation;
    effects: readonly NegotiationEffect[];
    actor: string;
    what: string;
    /** The PEM certificate the counterparty presented with the message this step applies, when one did. */
    peerCertificate?: string;
    /** Provider side, on opening: the consumer's nation as its certificate names it. */
    counterpartyCountry?: string;
  },
): Promise<void> {
  const now = deps.clock();
  const { after } = step;
  const pid = ownPid(after);
  const question = step.effects.find((e) => e.type === 'decide');
  // Whose certificate verifies a signature: this node's own when it signed, the sender's when it received one.
  const certificateOf = (signer: 'provider' | 'consumer'): string | null =>
    (signer === after.role ? deps.certificate : step.peerCertificate) ?? null;
  const columns = {
    ...negotiationColumns(after),
    ...(step.counterpartyCountry === undefined ? {} : { counterparty_country: step.counterpartyCountry }),
    offer: jsonb(after.offer),
    agreement: after.agreement === null ? null : jsonb(after.agreement),
    last_received: after.lastReceived === null ? null : jsonb(after.lastReceived),
    pending_question: question?.type === 'decide' ? question.question : null,
    updated_at: now,
  };
  if (step.created) {
    await trx
      .insertInto('dsp_negotiation')
      .values({ pid, ...columns, created_at: now })
      .execute();
  } else {
    await trx.updateTable('dsp_negotiation').set(columns).where('pid', '=', pid).execute();
  }
  for (const effect of step.effects) {
    switch (effect.type) {
      case 'send':
        await enqueue(trx, {
          process: 'negotiation',
          pid,
          counterparty: after.counterparty,
          url: joinUrl(after.counterpartyAddress, effect.path),
          message: effect.message,
          now,
        });
        break;
      case 'record-agreement': {
        const a = effect.agreement;
        await trx
          .insertInto('dsp_agreement')
          .values({
            agreement_id: a['@id'],
            negotiation_pid: pid,
            provider: a.assigner,
            consumer: a.assignee,
            target: a.target,
            agreement: jsonb(a),
            provider_signature: effect.signature ?? null,
            provider_certificate: effect.signature === undefined ? null : certificateOf('provider'),
            created_at: now,
          })
          .onConflict((oc) => oc.column('negotiation_pid').doNothing())
          .execute();
        break;
      }
      case 'record-verification':
        await trx
          .updateTable('dsp_agreement')
          .set({
            consumer_signature: effect.signature ?? null,
            consumer_certificate: effect.signature === undefined ? null : certificateOf('consumer'),
          })
          .where('negotiation_pid', '=', pid)
          .execute();
        break;
      case 'decide':
      case 'finished':
        break;
    }
  }
  await deps.audit(trx, {
    time: now.toISOString(),
    node: deps.node,
    kind: `negotiation.${after.state.toLowerCase()}`,
    actor: step.actor,
    subject: `negotiation:${pid}`,
    details: {
      role: after.role,
      counterparty: after.counterparty,
      providerPid: after.providerPid,
      consumerPid: after.consumerPid,
      target: after.offer.target,
      step: step.what,
    },
  });
}

export async function persistTransfer(
  trx: Trx,
  deps: ProtocolDeps,
  step: {
    created: boolean;
    after: Transfer;
    effects: readonly TransferEffect[];
    actor: string;
    what: string;
  },
): Promise<void> {
  const now = deps.clock();
  const { after } = step;
  const pid = ownPid(after);
  const question = step.effects.find((e) => e.type === 'decide');
  const columns = {
    ...transferColumns(after),
    data_address: after.dataAddress === null ? null : jsonb(after.dataAddress),
    last_received: after.lastReceived === null ? null : jsonb(after.lastReceived),
    pending_question: question?.type === 'decide' ? question.question : null,
    updated_at: now,
  };
  if (step.created) {
    await trx
      .insertInto('dsp_transfer')
      .values({ pid, ...columns, created_at: now })
      .execute();
  } else {
    await trx.updateTable('dsp_transfer').set(columns).where('pid', '=', pid).execute();
  }
  for (const effect of step.effects) {
    if (effect.type !== 'send') continue;
    await enqueue(trx, {
      process: 'transfer',
      pid,
      counterparty: after.counterparty,
      url: joinUrl(after.counterpartyAddress, effect.path),
      message: effect.message,
      now,
    });
  }
  await deps.audit(trx, {
    time: now.toISOString(),
    node: deps.node,
    kind: `transfer.${after.state.toLowerCase()}`,
    actor: step.actor,
    subject: `transfer:${pid}`,
    details: {
      role: after.role,
      counterparty: after.counterparty,
      providerPid: after.providerPid,
      consumerPid: after.consumerPid,
      agreementId: after.agreementId,
      step: step.what,
    },
  });
}
