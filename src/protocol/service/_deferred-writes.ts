// Protocol steps whose writes wait for one flush per transaction. A decision batch persists one step for each
// negotiation it claimed, and a group commit (`_grouped-steps.ts`) runs the steps that arrived together; instead of a
// statement per step, negotiation steps leave their rows here and the transaction writes them before its audit append,
// in one statement with a part per kind of row (process inserts and updates, agreements, verifications, outbox rows,
// deliveries), each over arrays (`unnest`) so that its text, and the plan prepared for it, stays the same whatever
// the batch size (one text per set of kinds present).
// The writes still commit in the transaction of their steps, with their audit entries. A statement applies one change
// per row, so a second step on a process writes what is pending first; and whatever reads a process row in the
// transaction (`lockProcess`, `findOpened`) flushes first, so that it reads what earlier steps wrote.
import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../../store/metadata/database.ts';

type Trx = Transaction<Database>;

/** A negotiation row as a step leaves it (JSON columns as text, `null` for SQL null). */
export type NegotiationUpdate = {
  pid: string;
  state: string;
  providerPid: string | null;
  consumerPid: string | null;
  counterparty: string;
  counterpartyAddress: string;
  target: string;
  offeredBy: string;
  offer: string | null;
  agreement: string | null;
  lastReceived: string | null;
  pendingQuestion: string | null;
  updatedAt: Date;
  /** Kept as it was when null. */
  counterpartyCountry: string | null;
  /** Kept as it was when `setOutcome` is false. */
  setOutcome: boolean;
  outcome: string | null;
};

export type AgreementInsert = {
  agreementId: string;
  pid: string;
  provider: string;
  consumer: string;
  target: string;
  agreement: string;
  providerSignature: string | null;
  providerCertificate: string | null;
  createdAt: Date;
};

/** A new negotiation row (JSON columns as text). */
export type NegotiationInsert = Omit<NegotiationUpdate, 'setOutcome' | 'updatedAt'> & {
  role: string;
  at: Date;
};

export type VerificationUpdate = { pid: string; signature: string | null; certificate: string | null };

export type OutboxInsert = {
  process: 'negotiation' | 'transfer';
  pid: string;
  counterparty: string;
  url: string;
  message: string;
  at: Date;
};

export type Deferred = {
  inserts: NegotiationInsert[];
  negotiations: NegotiationUpdate[];
  agreements: AgreementInsert[];
  verifications: VerificationUpdate[];
  outbox: OutboxInsert[];
  /** Outbox rows whose delivery a step records (`delivered_at` = `at`). */
  delivered: { id: string; at: Date }[];
  pids: Set<string>;
};

const pending = new WeakMap<Trx, Deferred>();

const empty = (): Deferred => ({
  inserts: [],
  negotiations: [],
  agreements: [],
  verifications: [],
  outbox: [],
  delivered: [],
  pids: new Set(),
});

/** From now on, negotiation steps persisted in `trx` leave their rows for `flushWrites`. */
export function deferWrites(trx: Trx): void {
  pending.set(trx, empty());
}

/** Where a step on `pid` in `trx` leaves its rows; undefined when it must write them itself. */
export function deferredFor(trx: Trx, pid: string): Deferred | undefined {
  const writes = pending.get(trx);
  if (writes === undefined || writes.pids.has(pid)) return undefined;
  writes.pids.add(pid);
  return writes;
}

/** Writes what is pending in `trx` if a step left rows of `pid`: a step writing `pid` itself comes after them. */
export async function flushFor(trx: Trx, pid: string): Promise<void> {
  if (pending.get(trx)?.pids.has(pid) === true) await flushWrites(trx);
}

const iso = (date: Date) => date.toISOString();

/** Writes what the steps in `trx` left, in the order their own statements would have; `trx` goes on deferring. */
export async function flushWrites(trx: Trx): Promise<void> {
  const writes = pending.get(trx);
  if (writes === undefined || writes.pids.size === 0) return;
  pending.set(trx, empty());
  const { inserts: c, negotiations: n, agreements: a, verifications: v, outbox: o, delivered: d } = writes;
  const statements: RawBuilder<unknown>[] = [];
  if (c.length > 0) {
    statements.push(sql`insert into dsp_negotiation (pid, role, state, provider_pid, consumer_pid, counterparty,
        counterparty_address, target, offered_by, counterparty_country, offer, agreement, last_received,
        pending_question, outcome, created_at, updated_at)
      select u.pid, u.role, u.state, u.provider_pid, u.consumer_pid, u.counterparty, u.counterparty_address, u.target,
        u.offered_by, u.counterparty_country, u.offer::jsonb, u.agreement::jsonb, u.last_received::jsonb,
        u.pending_question, u.outcome::jsonb, u.at::timestamptz, u.at::timestamptz
      from unnest(${c.map((r) => r.pid)}::text[], ${c.map((r) => r.role)}::text[], ${c.map((r) => r.state)}::text[],
        ${c.map((r) => r.providerPid)}::text[], ${c.map((r) => r.consumerPid)}::text[],
        ${c.map((r) => r.counterparty)}::text[], ${c.map((r) => r.counterpartyAddress)}::text[],
        ${c.map((r) => r.target)}::text[], ${c.map((r) => r.offeredBy)}::text[],
        ${c.map((r) => r.counterpartyCountry)}::text[], ${c.map((r) => r.offer)}::text[],
        ${c.map((r) => r.agreement)}::text[], ${c.map((r) => r.lastReceived)}::text[],
        ${c.map((r) => r.pendingQuestion)}::text[], ${c.map((r) => r.outcome)}::text[], ${c.map((r) => iso(r.at))}::text[])
        as u(pid, role, state, provider_pid, consumer_pid, counterparty, counterparty_address, target, offered_by,
          counterparty_country, offer, agreement, last_received, pending_question, outcome, at)`);
  }
  if (n.length > 0) {
    statements.push(sql`update dsp_negotiation d set state = u.state, provider_pid = u.provider_pid,
        consumer_pid = u.consumer_pid, counterparty = u.counterparty, counterparty_address = u.counterparty_address,
        target = u.target, offered_by = u.offered_by, offer = u.offer::jsonb, agreement = u.agreement::jsonb,
        last_received = u.last_received::jsonb, pending_question = u.pending_question,
        updated_at = u.updated_at::timestamptz,
        counterparty_country = coalesce(u.counterparty_country, d.counterparty_country),
        outcome = case when u.set_outcome::boolean then u.outcome::jsonb else d.outcome end
      from unnest(${n.map((r) => r.pid)}::text[], ${n.map((r) => r.state)}::text[],
        ${n.map((r) => r.providerPid)}::text[], ${n.map((r) => r.consumerPid)}::text[],
        ${n.map((r) => r.counterparty)}::text[], ${n.map((r) => r.counterpartyAddress)}::text[],
        ${n.map((r) => r.target)}::text[], ${n.map((r) => r.offeredBy)}::text[], ${n.map((r) => r.offer)}::text[],
        ${n.map((r) => r.agreement)}::text[], ${n.map((r) => r.lastReceived)}::text[],
        ${n.map((r) => r.pendingQuestion)}::text[], ${n.map((r) => iso(r.updatedAt))}::text[],
        ${n.map((r) => r.counterpartyCountry)}::text[], ${n.map((r) => String(r.setOutcome))}::text[],
        ${n.map((r) => r.outcome)}::text[])
        as u(pid, state, provider_pid, consumer_pid, counterparty, counterparty_address, target, offered_by, offer,
          agreement, last_received, pending_question, updated_at, counterparty_country, set_outcome, outcome)
      where d.pid = u.pid`);
  }
  if (a.length > 0) {
    statements.push(sql`insert into dsp_agreement (agreement_id, negotiation_pid, provider, consumer, target, agreement,
        provider_signature, provider_certificate, created_at)
      select u.agreement_id, u.pid, u.provider, u.consumer, u.target, u.agreement::jsonb, u.provider_signature,
        u.provider_certificate, u.created_at::timestamptz
      from unnest(${a.map((r) => r.agreementId)}::text[], ${a.map((r) => r.pid)}::text[],
        ${a.map((r) => r.provider)}::text[], ${a.map((r) => r.consumer)}::text[], ${a.map((r) => r.target)}::text[],
        ${a.map((r) => r.agreement)}::text[], ${a.map((r) => r.providerSignature)}::text[],
        ${a.map((r) => r.providerCertificate)}::text[], ${a.map((r) => iso(r.createdAt))}::text[])
        as u(agreement_id, pid, provider, consumer, target, agreement, provider_signature, provider_certificate,
          created_at)
      on conflict (negotiation_pid) do nothing`);
  }
  if (v.length > 0) {
    statements.push(sql`update dsp_agreement d set consumer_signature = u.signature, consumer_certificate = u.certificate
      from unnest(${v.map((r) => r.pid)}::text[], ${v.map((r) => r.signature)}::text[],
        ${v.map((r) => r.certificate)}::text[]) as u(pid, signature, certificate)
      where d.negotiation_pid = u.pid`);
  }
  if (o.length > 0) {
    // Ids follow the order of the rows: messages of one process are delivered in the order their steps sent them.
    statements.push(sql`insert into dsp_outbox (process, process_pid, counterparty, url, message, next_attempt_at)
      select u.process, u.pid, u.counterparty, u.url, u.message::jsonb, u.at::timestamptz
      from unnest(${o.map((r) => r.process)}::text[], ${o.map((r) => r.pid)}::text[],
        ${o.map((r) => r.counterparty)}::text[], ${o.map((r) => r.url)}::text[], ${o.map((r) => r.message)}::text[],
        ${o.map((r) => iso(r.at))}::text[]) with ordinality as u(process, pid, counterparty, url, message, at, n)
      order by u.n`);
  }
  if (d.length > 0) {
    statements.push(sql`update dsp_outbox o set status = 'delivered', lease_until = null, last_error = null,
        delivered_at = u.at::timestamptz
      from unnest(${d.map((r) => r.id)}::bigint[], ${d.map((r) => iso(r.at))}::text[]) as u(id, at)
      where o.id = u.id`);
  }
  // One statement: all but the last as data-modifying common table expressions (each runs once, in this order of
  // rows; the agreement's foreign key sees the process row its own statement inserted).
  const last = statements.pop();
  if (last === undefined) return;
  const before = statements.map((statement, i) => sql`${sql.raw(`w${i}`)} as (${statement})`);
  await (before.length === 0 ? last : sql`with ${sql.join(before)} ${last}`).execute(trx);
}
