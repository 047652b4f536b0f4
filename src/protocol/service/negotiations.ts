/**
 * The negotiation shell: each entry point loads the process under a row lock, runs the pure transition and persists
 * the step (state, outbox, agreement, owed decision, audit) in one transaction. Refusals are values; the HTTP edge
 * maps them to DSP errors.
 */
import type { Selectable, Transaction } from 'kysely';
import { err, ok, type Result } from '../../shared/result.ts';
import type { Database } from '../../store/metadata/database.ts';
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
import type { AuditEntryInput } from '../../audit/entry/entry.ts';
import { flushWrites } from './_deferred-writes.ts';
import { groupedStep } from './_grouped-steps.ts';
import { takeOpened, type OpeningKey } from './_locked-rows.ts';
import { findOpened, inTransaction, lockProcess, opening, readProcess } from './_process-shell.ts';
import { NOTHING_OWED, owedBy, persistNegotiation, type Owed } from './_steps.ts';
import type { ProtocolDeps } from './ports.ts';

type Trx = Transaction<Database>;
export type NegotiationFailure = NegotiationRefusal | 'not-found' | 'invalid-request' | 'duplicate-process';
export type NegotiationOutcome = Result<
  { pid: string; negotiation: Negotiation; created: boolean; owes?: Owed },
  NegotiationFailure
>;

const lock = (trx: Trx, pid: string) => lockProcess(trx, { table: 'dsp_negotiation', pid });

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
  await groupedStep(deps, (trx, audit) =>
    persistNegotiation(trx, deps, {
      created: true,
      after: start.negotiation,
      effects: start.effects,
      actor: options.actor,
      what: 'request',
      audit,
    }),
  );
  return { pid, negotiation: start.negotiation };
}

type Opened = ReturnType<typeof receiveNegotiationRequest>;

/**
 * Opens the negotiation a counterparty's first message starts on this side (`role`), or finds the one a redelivery
 * of that message already opened (the counterparty's process id names it).
 */
async function openNegotiation(
  deps: ProtocolDeps,
  options: {
    role: 'provider' | 'consumer';
    counterparty: string;
    message: ContractRequestMessage | ContractOfferMessage;
    theirPid: string;
    receive: (ids: { pid: string; digest: string }) => Opened;
    counterpartyCountry?: string | undefined;
  },
): Promise<NegotiationOutcome> {
  const digest = messageDigest(options.message);
  const theirs = options.role === 'provider' ? 'consumerPid' : 'providerPid';
  const key: OpeningKey = {
    table: 'dsp_negotiation',
    role: options.role,
    counterparty: options.counterparty,
    column: theirs === 'consumerPid' ? 'consumer_pid' : 'provider_pid',
    theirs: options.theirPid,
  };
  return opening(() =>
    groupedStep(
      deps,
      async (trx, audit): Promise<NegotiationOutcome> => {
        const pid = deps.newPid();
        const start = options.receive({ pid, digest });
        const step = (ifAbsent: boolean) =>
          start.ok &&
          persistNegotiation(trx, deps, {
            created: true,
            ifAbsent,
            after: start.value.negotiation,
            effects: start.value.effects,
            actor: `participant:${options.counterparty}`,
            what: options.message['@type'],
            audit,
            ...(options.counterpartyCountry === undefined
              ? {}
              : { counterpartyCountry: options.counterpartyCountry }),
          });
        const opened = () =>
          start.ok
            ? ok({
                pid,
                negotiation: start.value.negotiation,
                created: true,
                owes: owedBy(start.value.effects),
              })
            : start;
        // The group looked this opening up with the others of its transaction: none yet, so the insert goes with
        // the group's rows (should another writer open it meanwhile, the group fails and its steps run alone).
        const ahead = takeOpened(trx, key);
        if (ahead === 'absent') {
          if (!start.ok) return start;
          await step(false);
          return opened();
        }
        let existing = ahead as Selectable<DspNegotiationTable> | undefined;
        if (existing === undefined) {
          // An opening that writes only its process row tries the insert first: the unique index finds a
          // redelivery. An opening of the same process earlier in this transaction may have left its row pending.
          if (start.ok && start.value.effects.every((e) => e.type === 'decide')) {
            await flushWrites(trx);
            if (await step(true)) return opened();
          }
          existing = await findOpened(trx, {
            table: 'dsp_negotiation',
            role: key.role,
            counterparty: key.counterparty,
            column: key.column,
            pid: options.theirPid,
          });
        }
        if (existing !== undefined) {
          const negotiation = negotiationFromRow(existing);
          if (isRedelivery(negotiation, digest)) {
            return ok({ pid: existing.pid, negotiation, created: false, owes: NOTHING_OWED });
          }
          return err(
            'duplicate-process',
            `Cannot open a negotiation: ${theirs} "${options.theirPid}" already names negotiation "${existing.pid}"`,
          );
        }
        if (!start.ok) return start;
        await step(false);
        return opened();
      },
      key,
    ),
  );
}

/** Provider: a consumer's initial `ContractRequestMessage`; a redelivery returns the negotiation it opened. */
export function openFromRequest(
  deps: ProtocolDeps,
  options: { consumer: string; message: ContractRequestMessage; consumerCountry?: string },
): Promise<NegotiationOutcome> {
  const { consumer, message } = options;
  return openNegotiation(deps, {
    role: 'provider',
    counterparty: consumer,
    message,
    theirPid: message.consumerPid,
    receive: ({ pid, digest }) => receiveNegotiationRequest({ providerPid: pid, consumer, message, digest }),
    counterpartyCountry: options.consumerCountry,
  });
}

/** Consumer: a provider's initial `ContractOfferMessage`; a redelivery returns the negotiation it opened. */
export function openFromOffer(
  deps: ProtocolDeps,
  options: { provider: string; message: ContractOfferMessage },
): Promise<NegotiationOutcome> {
  const { provider, message } = options;
  return openNegotiation(deps, {
    role: 'consumer',
    counterparty: provider,
    message,
    theirPid: message.providerPid,
    receive: ({ pid, digest }) => receiveNegotiationOffer({ consumerPid: pid, provider, message, digest }),
  });
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
  return groupedStep(
    deps,
    async (trx, audit): Promise<NegotiationOutcome> => {
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
        const message = options.message;
        await persistNegotiation(trx, deps, {
          created: false,
          after: result.state,
          effects: result.effects,
          actor: `participant:${options.participant}`,
          what: signalOf(message),
          audit,
          ...(options.peerCertificate === undefined ? {} : { peerCertificate: options.peerCertificate }),
          // The counterparty's reason is all this side learns of why: kept where the management API shows outcomes.
          ...(message['@type'] === 'ContractNegotiationTerminationMessage'
            ? { outcome: { terminated: message.code ?? null, reasons: message.reason ?? [] } }
            : {}),
        });
      }
      return ok({
        pid: options.pid,
        negotiation: result.state,
        created: false,
        owes: result.replay ? NOTHING_OWED : owedBy(result.effects),
      });
    },
    { table: 'dsp_negotiation', pid: options.pid },
  );
}

/**
 * A local command (decision, management API) on negotiation `pid`; `inTransaction` reuses the caller's, and `audit`
 * then collects the step's audit entry for the caller to append.
 */
export async function commandNegotiation(
  deps: ProtocolDeps,
  options: {
    pid: string;
    event: NegotiationEvent;
    actor: string;
    inTransaction?: Trx;
    audit?: AuditEntryInput[];
    /** The outbox row whose delivery this step records (an acknowledgement): settled with the step. */
    delivers?: string;
  },
): Promise<NegotiationOutcome> {
  const step = async (trx: Trx, audit: AuditEntryInput[]): Promise<NegotiationOutcome> => {
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
      audit,
      ...(options.delivers === undefined ? {} : { delivers: options.delivers }),
    });
    return ok({ pid: options.pid, negotiation: result.state, created: false, owes: owedBy(result.effects) });
  };
  return inTransaction(deps, {
    trx: options.inTransaction,
    audit: options.audit,
    step,
    locks: { table: 'dsp_negotiation', pid: options.pid },
  });
}

/** The negotiation `pid` as `participant` may see it (undefined participant: the local node itself). */
export async function getNegotiation(
  deps: ProtocolDeps,
  options: { pid: string; participant?: string },
): Promise<Result<Negotiation, 'not-found'>> {
  const row = await readProcess(deps, { table: 'dsp_negotiation', ...options });
  if (row === undefined) return err('not-found', `Cannot find negotiation "${options.pid}"`);
  return ok(negotiationFromRow(row));
}
