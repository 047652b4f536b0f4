/**
 * The negotiation shell: each entry point loads the process under a row lock, runs the pure transition and persists
 * the step (state, outbox, agreement, owed decision, audit) in one transaction. Refusals are values; the HTTP edge
 * maps them to DSP errors.
 */
import type { Selectable, Transaction } from 'kysely';
import { err, ok, type Result } from '../../shared/result.ts';
import type { Database } from '../../store/metadata/database.ts';
import { jsonb } from '../../store/metadata/jsonb.ts';
import { messageDigest } from '../_internal/digest.ts';
import type { MessageOffer } from '../messages/odrl.ts';
import type { ContractOfferMessage, ContractRequestMessage, NegotiationMessage } from '../messages/types.ts';
import type { Negotiation, NegotiationEvent, NegotiationRefusal } from '../negotiation/negotiation.ts';
import {
  isRedelivery,
  receiveNegotiationOffer,
  receiveNegotiationRequest,
  requestNegotiation,
} from '../negotiation/start.ts';
import { signalOf, transition } from '../negotiation/transition.ts';
import { negotiationFromRow } from '../store/rows.ts';
import type { DspNegotiationTable } from '../store/tables.ts';
import { persistNegotiation } from './_steps.ts';
import type { ProtocolDeps } from './ports.ts';

type Trx = Transaction<Database>;
export type NegotiationFailure = NegotiationRefusal | 'not-found' | 'invalid-request' | 'duplicate-process';
export type NegotiationOutcome = Result<
  { pid: string; negotiation: Negotiation; created: boolean },
  NegotiationFailure
>;

async function lock(trx: Trx, pid: string): Promise<Selectable<DspNegotiationTable> | undefined> {
  return trx.selectFrom('dsp_negotiation').selectAll().where('pid', '=', pid).forUpdate().executeTakeFirst();
}

const isUniqueViolation = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';

/** Retries once when two deliveries of one opening message race on the unique index: the loser finds the winner. */
async function opening<T>(attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return attempt();
  }
}

/** Consumer: start a negotiation for `offer` with the provider at `providerAddress`. */
export async function startNegotiation(
  deps: ProtocolDeps,
  options: {
    provider: string;
    providerAddress: string;
    offer: MessageOffer & { target: string };
    actor: string;
  },
): Promise<{ pid: string; negotiation: Negotiation }> {
  const pid = deps.newPid();
  const start = requestNegotiation({
    consumerPid: pid,
    provider: options.provider,
    providerAddress: options.providerAddress,
    offer: options.offer,
    callbackAddress: deps.address,
  });
  await deps.store.transaction((trx) =>
    persistNegotiation(trx, deps, {
      created: true,
      after: start.negotiation,
      effects: start.effects,
      actor: options.actor,
      what: 'request',
    }),
  );
  return { pid, negotiation: start.negotiation };
}

/** Provider: a consumer's initial `ContractRequestMessage`; a redelivery returns the negotiation it opened. */
export async function openFromRequest(
  deps: ProtocolDeps,
  options: { consumer: string; message: ContractRequestMessage; consumerCountry?: string },
): Promise<NegotiationOutcome> {
  const digest = messageDigest(options.message);
  return opening(() =>
    deps.store.transaction(async (trx): Promise<NegotiationOutcome> => {
      const existing = await trx
        .selectFrom('dsp_negotiation')
        .selectAll()
        .where('role', '=', 'provider')
        .where('counterparty', '=', options.consumer)
        .where('consumer_pid', '=', options.message.consumerPid)
        .forUpdate()
        .executeTakeFirst();
      if (existing !== undefined) {
        const negotiation = negotiationFromRow(existing);
        if (isRedelivery(negotiation, digest)) return ok({ pid: existing.pid, negotiation, created: false });
        return err(
          'duplicate-process',
          `Cannot open a negotiation: consumerPid "${options.message.consumerPid}" already names negotiation "${existing.pid}"`,
        );
      }
      const pid = deps.newPid();
      const start = receiveNegotiationRequest({
        providerPid: pid,
        consumer: options.consumer,
        message: options.message,
        digest,
      });
      if (!start.ok) return start;
      await persistNegotiation(trx, deps, {
        created: true,
        after: start.value.negotiation,
        effects: start.value.effects,
        actor: `participant:${options.consumer}`,
        what: 'ContractRequestMessage',
        ...(options.consumerCountry === undefined ? {} : { counterpartyCountry: options.consumerCountry }),
      });
      return ok({ pid, negotiation: start.value.negotiation, created: true });
    }),
  );
}

/** Consumer: a provider's initial `ContractOfferMessage`; a redelivery returns the negotiation it opened. */
export async function openFromOffer(
  deps: ProtocolDeps,
  options: { provider: string; message: ContractOfferMessage },
): Promise<NegotiationOutcome> {
  const digest = messageDigest(options.message);
  return opening(() =>
    deps.store.transaction(async (trx): Promise<NegotiationOutcome> => {
      const existing = await trx
        .selectFrom('dsp_negotiation')
        .selectAll()
        .where('role', '=', 'consumer')
        .where('counterparty', '=', options.provider)
        .where('provider_pid', '=', options.message.providerPid)
        .forUpdate()
        .executeTakeFirst();
      if (existing !== undefined) {
        const negotiation = negotiationFromRow(existing);
        if (isRedelivery(negotiation, digest)) return ok({ pid: existing.pid, negotiation, created: false });
        return err(
          'duplicate-process',
          `Cannot open a negotiation: providerPid "${options.message.providerPid}" already names negotiation "${existing.pid}"`,
        );
      }
      const pid = deps.newPid();
      const start = receiveNegotiationOffer({
        consumerPid: pid,
        provider: options.provider,
        message: options.message,
        digest,
      });
      if (!start.ok) return start;
      await persistNegotiation(trx, deps, {
        created: true,
        after: start.value.negotiation,
        effects: start.value.effects,
        actor: `participant:${options.provider}`,
        what: 'ContractOfferMessage',
      });
      return ok({ pid, negotiation: start.value.negotiation, created: true });
    }),
  );
}

/**
 * Any later message, received at this node's `/negotiations/:pid/…`. Unknown process and a process of another
 * participant answer alike (`not-found`), so that a caller learns nothing about negotiations that are not its own.
 */
export async function receiveNegotiationMessage(
  deps: ProtocolDeps,
  options: { participant: string; pid: string; message: NegotiationMessage; peerCertificate?: string },
): Promise<NegotiationOutcome> {
  const digest = messageDigest(options.message);
  return deps.store.transaction(async (trx): Promise<NegotiationOutcome> => {
    const row = await lock(trx, options.pid);
    if (row === undefined || row.counterparty !== options.participant) {
      return err('not-found', `Cannot find negotiation "${options.pid}"`);
    }
    const before = negotiationFromRow(row);
    const named = before.role === 'provider' ? options.message.providerPid : options.message.consumerPid;
    if (named !== undefined && named !== options.pid) {
      return err(
        'pid-mismatch',
        `Cannot apply ${signalOf(options.message)}: it names "${named}", not "${options.pid}"`,
      );
    }
    const result = transition(before, { kind: 'receive', message: options.message, digest });
    if (!result.ok) return result;
    if (!result.replay) {
      await persistNegotiation(trx, deps, {
        created: false,
        after: result.state,
        effects: result.effects,
        actor: `participant:${options.participant}`,
        what: signalOf(options.message),
        ...(options.peerCertificate === undefined ? {} : { peerCertificate: options.peerCertificate }),
      });
      const message = options.message;
      if (message['@type'] === 'ContractNegotiationTerminationMessage') {
        // The counterparty's reason is all this side learns of why: kept where the management API shows outcomes.
        await trx
          .updateTable('dsp_negotiation')
          .set({ outcome: jsonb({ terminated: message.code ?? null, reasons: message.reason ?? [] }) })
          .where('pid', '=', options.pid)
          .execute();
      }
    }
    return ok({ pid: options.pid, negotiation: result.state, created: false });
  });
}

/** A local command (decision, management API) on negotiation `pid`; `inTransaction` reuses the caller's. */
export async function commandNegotiation(
  deps: ProtocolDeps,
  options: { pid: string; event: NegotiationEvent; actor: string; inTransaction?: Trx },
): Promise<NegotiationOutcome> {
  const run = async (trx: Trx): Promise<NegotiationOutcome> => {
    const row = await lock(trx, options.pid);
    if (row === undefined) return err('not-found', `Cannot find negotiation "${options.pid}"`);
    const result = transition(negotiationFromRow(row), options.event);
    if (!result.ok) return result;
    await persistNegotiation(trx, deps, {
      created: false,
      after: result.state,
      effects: result.effects,
      actor: options.actor,
      what: options.event.kind,
    });
    return ok({ pid: options.pid, negotiation: result.state, created: false });
  };
  return options.inTransaction === undefined ? deps.store.transaction(run) : run(options.inTransaction);
}

/** The negotiation `pid` as `participant` may see it (undefined participant: the local node itself). */
export async function getNegotiation(
  deps: ProtocolDeps,
  options: { pid: string; participant?: string },
): Promise<Result<Negotiation, 'not-found'>> {
  const row = await deps.store.db
    .selectFrom('dsp_negotiation')
    .selectAll()
    .where('pid', '=', options.pid)
    .executeTakeFirst();
  if (row === undefined || (options.participant !== undefined && row.counterparty !== options.participant)) {
    return err('not-found', `Cannot find negotiation "${options.pid}"`);
  }
  return ok(negotiationFromRow(row));
}
