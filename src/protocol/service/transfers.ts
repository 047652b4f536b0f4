/** The transfer shell: the same pattern as negotiations, for transfer processes. */
import type { Transaction } from 'kysely';
import { err, ok, type Result } from '../../shared/result.ts';
import type { Database } from '../../store/metadata/database.ts';
import { messageDigest } from '../_internal/digest.ts';
import type { DataAddress, TransferMessage, TransferRequestMessage } from '../messages/types.ts';
import { transferFromRow } from '../store/rows.ts';
import type { Transfer, TransferEvent, TransferRefusal } from '../transfer/transfer.ts';
import { receiveTransferRequest, requestTransfer, transition } from '../transfer/transition.ts';
import type { AuditEntryInput } from '../../audit/entry/entry.ts';
import { groupedStep } from './_grouped-steps.ts';
import { findOpened, inTransaction, lockProcess, opening, readProcess } from './_process-shell.ts';
import { NOTHING_OWED, owedBy, persistTransfer, type Owed } from './_steps.ts';
import type { ProtocolDeps } from './ports.ts';

type Trx = Transaction<Database>;
export type TransferFailure = TransferRefusal | 'not-found' | 'duplicate-process';
export type TransferOutcome = Result<
  { pid: string; transfer: Transfer; created: boolean; owes?: Owed },
  TransferFailure
>;

const lock = (trx: Trx, pid: string) => lockProcess(trx, { table: 'dsp_transfer', pid });

/** Consumer: ask the provider for a transfer under a finalized agreement. */
export async function startTransfer(
  deps: ProtocolDeps,
  options: {
    provider: string;
    providerAddress: string;
    agreementId: string;
    format: string;
    dataAddress?: DataAddress;
    /** Set when the caller had to name the process first (a push DataAddress names it); default a new pid. */
    consumerPid?: string;
    actor: string;
  },
): Promise<{ pid: string; transfer: Transfer }> {
  const pid = options.consumerPid ?? deps.newPid();
  const start = requestTransfer({
    consumerPid: pid,
    provider: options.provider,
    providerAddress: options.providerAddress,
    agreementId: options.agreementId,
    format: options.format,
    callbackAddress: deps.address,
    ...(options.dataAddress === undefined ? {} : { dataAddress: options.dataAddress }),
  });
  await groupedStep(deps, (trx, audit) =>
    persistTransfer(trx, deps, {
      created: true,
      after: start.transfer,
      effects: start.effects,
      actor: options.actor,
      what: 'request',
      audit,
    }),
  );
  return { pid, transfer: start.transfer };
}

/** Provider: a consumer's `TransferRequestMessage`; a redelivery returns the transfer it opened. */
export async function openFromTransferRequest(
  deps: ProtocolDeps,
  options: { consumer: string; message: TransferRequestMessage },
): Promise<TransferOutcome> {
  const digest = messageDigest(options.message);
  return opening(() =>
    groupedStep(deps, async (trx, audit): Promise<TransferOutcome> => {
      const existing = await findOpened(trx, {
        table: 'dsp_transfer',
        role: 'provider',
        counterparty: options.consumer,
        column: 'consumer_pid',
        pid: options.message.consumerPid,
      });
      if (existing !== undefined) {
        const transfer = transferFromRow(existing);
        if (transfer.lastReceived?.digest === digest && transfer.lastReceived.state === transfer.state) {
          return ok({ pid: existing.pid, transfer, created: false, owes: NOTHING_OWED });
        }
        return err(
          'duplicate-process',
          `Cannot open a transfer: consumerPid "${options.message.consumerPid}" already names transfer "${existing.pid}"`,
        );
      }
      const pid = deps.newPid();
      const start = receiveTransferRequest({
        providerPid: pid,
        consumer: options.consumer,
        message: options.message,
        digest,
      });
      if (!start.ok) return start;
      await persistTransfer(trx, deps, {
        created: true,
        after: start.value.transfer,
        effects: start.value.effects,
        actor: `participant:${options.consumer}`,
        what: 'TransferRequestMessage',
        audit,
      });
      return ok({ pid, transfer: start.value.transfer, created: true, owes: owedBy(start.value.effects) });
    }),
  );
}

/** Any later transfer message received at `/transfers/:pid/…`; unknown and not-yours both answer `not-found`. */
export async function receiveTransferMessage(
  deps: ProtocolDeps,
  options: { participant: string; pid: string; message: TransferMessage },
): Promise<TransferOutcome> {
  const digest = messageDigest(options.message);
  return groupedStep(
    deps,
    async (trx, audit): Promise<TransferOutcome> => {
      const row = await lock(trx, options.pid);
      if (row === undefined || row.counterparty !== options.participant) {
        return err('not-found', `Cannot find transfer "${options.pid}"`);
      }
      const before = transferFromRow(row);
      if (options.message['@type'] !== 'TransferRequestMessage') {
        const named = before.role === 'provider' ? options.message.providerPid : options.message.consumerPid;
        if (named !== options.pid) {
          return err(
            'pid-mismatch',
            `Cannot apply ${options.message['@type']}: it names "${named}", not "${options.pid}"`,
          );
        }
      }
      const result = transition(before, { kind: 'receive', message: options.message, digest });
      if (!result.ok) return result;
      if (!result.replay) {
        await persistTransfer(trx, deps, {
          created: false,
          after: result.state,
          effects: result.effects,
          actor: `participant:${options.participant}`,
          what: options.message['@type'],
          audit,
        });
      }
      return ok({
        pid: options.pid,
        transfer: result.state,
        created: false,
        owes: result.replay ? NOTHING_OWED : owedBy(result.effects),
      });
    },
    { table: 'dsp_transfer', pid: options.pid },
  );
}

/**
 * A local command on transfer `pid`; `inTransaction` reuses the caller's, and `audit` then collects the step's audit
 * entry for the caller to append.
 */
export async function commandTransfer(
  deps: ProtocolDeps,
  options: {
    pid: string;
    event: TransferEvent;
    actor: string;
    inTransaction?: Trx;
    audit?: AuditEntryInput[];
    /** The outbox row whose delivery this step records (an acknowledgement): settled with the step. */
    delivers?: string;
  },
): Promise<TransferOutcome> {
  const step = async (trx: Trx, audit: AuditEntryInput[]): Promise<TransferOutcome> => {
    const row = await lock(trx, options.pid);
    if (row === undefined) return err('not-found', `Cannot find transfer "${options.pid}"`);
    const result = transition(transferFromRow(row), options.event);
    if (!result.ok) return result;
    await persistTransfer(trx, deps, {
      created: false,
      after: result.state,
      effects: result.effects,
      actor: options.actor,
      what: options.event.kind,
      audit,
      ...(options.delivers === undefined ? {} : { delivers: options.delivers }),
    });
    return ok({ pid: options.pid, transfer: result.state, created: false, owes: owedBy(result.effects) });
  };
  return inTransaction(deps, {
    trx: options.inTransaction,
    audit: options.audit,
    step,
    locks: { table: 'dsp_transfer', pid: options.pid },
  });
}

export async function getTransfer(
  deps: ProtocolDeps,
  options: { pid: string; participant?: string },
): Promise<Result<Transfer, 'not-found'>> {
  const row = await readProcess(deps, { table: 'dsp_transfer', ...options });
  if (row === undefined) return err('not-found', `Cannot find transfer "${options.pid}"`);
  return ok(transferFromRow(row));
}
