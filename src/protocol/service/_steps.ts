// Persisting one step of a process: the new state, its outbox rows, agreements, the decision it owes and its audit
// entry, all in the caller's transaction. The process row, the outbox rows and the agreement go as one statement
// (data-modifying common table expressions run once each, referenced or not), so a step costs one round trip plus its
// audit append, and a caller that persists several steps in one transaction may collect their audit entries and
// append them together (`audit` collector). In a transaction that defers writes (a group commit, a decision batch), a
// negotiation step leaves its rows for the transaction's flush instead (`_deferred-writes.ts`).
import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { AuditEntryInput } from '../../audit/entry/entry.ts';
import type { Database } from '../../store/metadata/database.ts';
import type { Negotiation, NegotiationEffect } from '../negotiation/negotiation.ts';
import { ownPid } from '../store/rows.ts';
import { deferredFor, flushFor, type Deferred } from './_deferred-writes.ts';
import { forgetLocked } from './_locked-rows.ts';
import '../store/tables.ts';
import type { Transfer, TransferEffect } from '../transfer/transfer.ts';
import type { ProtocolDeps } from './ports.ts';

type Trx = Transaction<Database>;

/** What a committed step leaves the node's workers to do: messages to deliver, a decision to answer. */
export type Owed = { readonly outbox: boolean; readonly decision: boolean };

export const NOTHING_OWED: Owed = { outbox: false, decision: false };

export function owedBy(effects: readonly { type: string }[]): Owed {
  return {
    outbox: effects.some((e) => e.type === 'send'),
    decision: effects.some((e) => e.type === 'decide'),
  };
}

export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

/** JSON as a `jsonb` parameter (text cast in the database), or SQL null. */
const json = (value: unknown): RawBuilder<unknown> =>
  value === null || value === undefined ? sql`null` : sql`${JSON.stringify(value)}::jsonb`;

/** Runs `statements` as one: all but the last as data-modifying common table expressions. */
async function runAsOne(trx: Trx, statements: readonly RawBuilder<unknown>[]): Promise<void> {
  const last = statements[statements.length - 1];
  if (last === undefined) return;
  const before = statements.slice(0, -1).map((s, i) => sql`${sql.raw(`s${i}`)} as (${s})`);
  await (before.length === 0 ? last : sql`with ${sql.join(before)} ${last}`).execute(trx);
}

/** The outbox rows of a step's `send` effects, in effect order, as one insert. */
function enqueue(row: {
  process: 'negotiation' | 'transfer';
  pid: string;
  counterparty: string;
  sends: readonly { url: string; message: unknown }[];
  now: Date;
}): RawBuilder<unknown> {
  return sql`insert into dsp_outbox (process, process_pid, counterparty, url, message, next_attempt_at)
    select ${row.process}, ${row.pid}, ${row.counterparty}, t.url, t.message::jsonb, ${row.now}::timestamptz
    from unnest(${row.sends.map((s) => s.url)}::text[], ${row.sends.map((s) => JSON.stringify(s.message))}::text[])
      with ordinality as t(url, message, n)
    order by t.n`;
}

/**
 * The step's audit entry (`<process>.<new state>`), appended now or left in `collector` for the caller to append with
 * the rest of its transaction.
 */
async function auditStep(
  trx: Trx,
  deps: ProtocolDeps,
  step: {
    collector: AuditEntryInput[] | undefined;
    process: 'negotiation' | 'transfer';
    pid: string;
    after: Negotiation | Transfer;
    now: Date;
    actor: string;
    what: string;
    /** What names the process beyond its ids: the dataset of a negotiation, the agreement of a transfer. */
    about: Record<string, string>;
  },
): Promise<void> {
  const { after } = step;
  const entry: AuditEntryInput = {
    time: step.now.toISOString(),
    node: deps.node,
    kind: `${step.process}.${after.state.toLowerCase()}`,
    actor: step.actor,
    subject: `${step.process}:${step.pid}`,
    details: {
      role: after.role,
      counterparty: after.counterparty,
      providerPid: after.providerPid,
      consumerPid: after.consumerPid,
      ...step.about,
      step: step.what,
    },
  };
  if (step.collector === undefined) await deps.audit(trx, [entry]);
  else step.collector.push(entry);
}

/**
 * Persists a negotiation step; false when `ifAbsent` found the process already opened (nothing written, nothing
 * audited).
 */
export async function persistNegotiation(
  trx: Trx,
  deps: ProtocolDeps,
  step: {
    created: boolean;
    /**
     * An opening whose only write is its process row: inserted unless a process with the same unique key (the
     * counterparty's id for it) exists or is being inserted, instead of looking for one first.
     */
    ifAbsent?: boolean;
    after: Negotiation;
    effects: readonly NegotiationEffect[];
    actor: string;
    what: string;
    /** The PEM certificate the counterparty presented with the message this step applies, when one did. */
    peerCertificate?: string;
    /** Provider side, on opening: the consumer's nation as its certificate names it. */
    counterpartyCountry?: string;
    /** Why the negotiation ends this way, kept for the management API. */
    outcome?: unknown;
    /** Where to leave the step's audit entry instead of appending it at once. */
    audit?: AuditEntryInput[];
    /** The outbox row whose delivery this step records (an acknowledgement): settled with the step. */
    delivers?: string;
  },
): Promise<boolean> {
  const now = deps.clock();
  const { after } = step;
  const pid = ownPid(after);
  const question = step.effects.find((e) => e.type === 'decide');
  // Whose certificate verifies a signature: this node's own when it signed, the sender's when it received one.
  const certificateOf = (signer: 'provider' | 'consumer'): string | null =>
    (signer === after.role ? deps.certificate : step.peerCertificate) ?? null;
  const pending = question?.type === 'decide' ? question.question : null;
  forgetLocked(trx, 'dsp_negotiation', pid);
  const deferred = step.ifAbsent === true ? undefined : deferredFor(trx, pid);
  if (deferred !== undefined) {
    deferNegotiation(deferred, { step, pid, pending, now, certificateOf });
    await auditNegotiation(trx, deps, { step, pid, now });
    return true;
  }
  // Rows an earlier step of this transaction left for this process go first, so that they are written in step order.
  await flushFor(trx, pid);
  const statements: RawBuilder<unknown>[] = [];
  const sends: { url: string; message: unknown }[] = [];
  for (const effect of step.effects) {
    switch (effect.type) {
      case 'send':
        sends.push({ url: joinUrl(after.counterpartyAddress, effect.path), message: effect.message });
        break;
      case 'record-agreement': {
        const a = effect.agreement;
        const certificate = effect.signature === undefined ? null : certificateOf('provider');
        statements.push(sql`insert into dsp_agreement (agreement_id, negotiation_pid, provider, consumer, target,
            agreement, provider_signature, provider_certificate, created_at)
          values (${a['@id']}, ${pid}, ${a.assigner}, ${a.assignee}, ${a.target}, ${json(a)},
            ${effect.signature ?? null}, ${certificate}, ${now})
          on conflict (negotiation_pid) do nothing`);
        break;
      }
      case 'record-verification': {
        const certificate = effect.signature === undefined ? null : certificateOf('consumer');
        statements.push(sql`update dsp_agreement
          set consumer_signature = ${effect.signature ?? null}, consumer_certificate = ${certificate}
          where negotiation_pid = ${pid}`);
        break;
      }
      case 'decide':
      case 'finished':
        break;
    }
  }
  if (sends.length > 0) {
    statements.push(enqueue({ process: 'negotiation', pid, counterparty: after.counterparty, sends, now }));
  }
  if (step.delivers !== undefined) statements.push(delivered(step.delivers, now));
  const outcome = step.outcome === undefined ? sql`` : sql`, outcome = ${json(step.outcome)}`;
  const country = step.counterpartyCountry ?? null;
  // The process row goes first: the agreement refers to it.
  statements.unshift(
    step.created
      ? sql`insert into dsp_negotiation (pid, role, state, provider_pid, consumer_pid, counterparty,
            counterparty_address, target, offered_by, counterparty_country, offer, agreement, last_received,
            pending_question, outcome, created_at, updated_at)
          values (${pid}, ${after.role}, ${after.state}, ${after.providerPid}, ${after.consumerPid},
            ${after.counterparty}, ${after.counterpartyAddress}, ${after.offer.target}, ${after.offeredBy}, ${country},
            ${json(after.offer)}, ${json(after.agreement)}, ${json(after.lastReceived)}, ${pending},
            ${json(step.outcome ?? null)}, ${now}, ${now})`
      : sql`update dsp_negotiation set state = ${after.state}, provider_pid = ${after.providerPid},
            consumer_pid = ${after.consumerPid}, counterparty = ${after.counterparty},
            counterparty_address = ${after.counterpartyAddress}, target = ${after.offer.target},
            offered_by = ${after.offeredBy}, offer = ${json(after.offer)}, agreement = ${json(after.agreement)},
            last_received = ${json(after.lastReceived)}, pending_question = ${pending}, updated_at = ${now}
            ${country === null ? sql`` : sql`, counterparty_country = ${country}`}${outcome}
          where pid = ${pid}`,
  );
  if (step.ifAbsent === true) {
    const [only, ...more] = statements;
    if (!step.created || only === undefined || more.length > 0) {
      throw new Error(
        `Cannot open negotiation "${pid}" if absent: its step writes more than its process row`,
      );
    }
    const inserted = await sql`${only} on conflict do nothing returning pid`.execute(trx);
    if (inserted.rows.length === 0) return false;
  } else {
    await runAsOne(trx, statements);
  }
  await auditNegotiation(trx, deps, { step, pid, now });
  return true;
}

type NegotiationStep = Parameters<typeof persistNegotiation>[2];

function auditNegotiation(
  trx: Trx,
  deps: ProtocolDeps,
  options: { step: NegotiationStep; pid: string; now: Date },
): Promise<void> {
  const { step } = options;
  return auditStep(trx, deps, {
    collector: step.audit,
    process: 'negotiation',
    pid: options.pid,
    after: step.after,
    now: options.now,
    actor: step.actor,
    what: step.what,
    about: { target: step.after.offer.target },
  });
}

/** Records the delivery of outbox row `id`. */
const delivered = (id: string, now: Date): RawBuilder<unknown> =>
  sql`update dsp_outbox set status = 'delivered', lease_until = null, last_error = null, delivered_at = ${now}
    where id = ${id}::bigint`;

const jsonText = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value);

/** The rows of an update step, left for the transaction's flush: the same rows its statement would write. */
function deferNegotiation(
  writes: Deferred,
  options: {
    step: NegotiationStep;
    pid: string;
    pending: string | null;
    now: Date;
    certificateOf: (signer: 'provider' | 'consumer') => string | null;
  },
): void {
  const { step, pid, now, certificateOf } = options;
  const { after } = step;
  const row = {
    pid,
    state: after.state,
    providerPid: after.providerPid,
    consumerPid: after.consumerPid,
    counterparty: after.counterparty,
    counterpartyAddress: after.counterpartyAddress,
    target: after.offer.target,
    offeredBy: after.offeredBy,
    offer: jsonText(after.offer),
    agreement: jsonText(after.agreement),
    lastReceived: jsonText(after.lastReceived),
    pendingQuestion: options.pending,
    counterpartyCountry: step.counterpartyCountry ?? null,
    outcome: jsonText(step.outcome),
  };
  if (step.created) writes.inserts.push({ ...row, role: after.role, at: now });
  else writes.negotiations.push({ ...row, updatedAt: now, setOutcome: step.outcome !== undefined });
  for (const effect of step.effects) {
    switch (effect.type) {
      case 'send':
        writes.outbox.push({
          process: 'negotiation',
          pid,
          counterparty: after.counterparty,
          url: joinUrl(after.counterpartyAddress, effect.path),
          message: JSON.stringify(effect.message),
          at: now,
        });
        break;
      case 'record-agreement': {
        const a = effect.agreement;
        writes.agreements.push({
          agreementId: a['@id'],
          pid,
          provider: a.assigner,
          consumer: a.assignee,
          target: a.target,
          agreement: JSON.stringify(a),
          providerSignature: effect.signature ?? null,
          providerCertificate: effect.signature === undefined ? null : certificateOf('provider'),
          createdAt: now,
        });
        break;
      }
      case 'record-verification':
        writes.verifications.push({
          pid,
          signature: effect.signature ?? null,
          certificate: effect.signature === undefined ? null : certificateOf('consumer'),
        });
        break;
      case 'decide':
      case 'finished':
        break;
    }
  }
  if (step.delivers !== undefined) writes.delivered.push({ id: step.delivers, at: now });
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
    /** Why the transfer ends this way, kept for the management API. */
    outcome?: unknown;
    /** Where to leave the step's audit entry instead of appending it at once. */
    audit?: AuditEntryInput[];
    /** The outbox row whose delivery this step records (an acknowledgement): settled with the step. */
    delivers?: string;
  },
): Promise<void> {
  const now = deps.clock();
  const { after } = step;
  const pid = ownPid(after);
  const question = step.effects.find((e) => e.type === 'decide');
  const pending = question?.type === 'decide' ? question.question : null;
  const outcome = step.outcome === undefined ? sql`` : sql`, outcome = ${json(step.outcome)}`;
  const statements: RawBuilder<unknown>[] = [
    step.created
      ? sql`insert into dsp_transfer (pid, role, state, provider_pid, consumer_pid, counterparty,
            counterparty_address, agreement_id, format, data_address, last_received, pending_question, outcome,
            created_at, updated_at)
          values (${pid}, ${after.role}, ${after.state}, ${after.providerPid}, ${after.consumerPid},
            ${after.counterparty}, ${after.counterpartyAddress}, ${after.agreementId}, ${after.format},
            ${json(after.dataAddress)}, ${json(after.lastReceived)}, ${pending}, ${json(step.outcome ?? null)},
            ${now}, ${now})`
      : sql`update dsp_transfer set state = ${after.state}, provider_pid = ${after.providerPid},
            consumer_pid = ${after.consumerPid}, counterparty = ${after.counterparty},
            counterparty_address = ${after.counterpartyAddress}, agreement_id = ${after.agreementId},
            format = ${after.format}, data_address = ${json(after.dataAddress)},
            last_received = ${json(after.lastReceived)}, pending_question = ${pending}, updated_at = ${now}${outcome}
          where pid = ${pid}`,
  ];
  const sends = step.effects.flatMap((effect) =>
    effect.type === 'send'
      ? [{ url: joinUrl(after.counterpartyAddress, effect.path), message: effect.message }]
      : [],
  );
  if (sends.length > 0) {
    statements.push(enqueue({ process: 'transfer', pid, counterparty: after.counterparty, sends, now }));
  }
  if (step.delivers !== undefined) statements.push(delivered(step.delivers, now));
  forgetLocked(trx, 'dsp_transfer', pid);
  await runAsOne(trx, statements);
  await auditStep(trx, deps, {
    collector: step.audit,
    process: 'transfer',
    pid,
    after,
    now,
    actor: step.actor,
    what: step.what,
    about: { agreementId: after.agreementId },
  });
}
