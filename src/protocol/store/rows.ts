import type { Selectable } from 'kysely';
import type { Role } from '../_internal/table.ts';
import type { Agreement, MessageOffer } from '../messages/odrl.ts';
import type { DataAddress, NegotiationState, TransferState } from '../messages/types.ts';
import type { Negotiation } from '../negotiation/negotiation.ts';
import type { Transfer } from '../transfer/transfer.ts';
import type { DspNegotiationTable, DspTransferTable } from './tables.ts';

/** This node's own process id: the provider's for a provider, the consumer's for a consumer. */
export function ownPid(process: {
  role: Role;
  providerPid: string | null;
  consumerPid: string | null;
}): string {
  const pid = process.role === 'provider' ? process.providerPid : process.consumerPid;
  if (pid === null) throw new Error(`Cannot key a ${process.role} process without its own process id`);
  return pid;
}

export function negotiationFromRow(row: Selectable<DspNegotiationTable>): Negotiation {
  return {
    role: row.role as Role,
    state: row.state as NegotiationState,
    providerPid: row.provider_pid,
    consumerPid: row.consumer_pid,
    counterparty: row.counterparty,
    counterpartyAddress: row.counterparty_address,
    offer: row.offer as MessageOffer & { target: string },
    offeredBy: row.offered_by as Role,
    agreement: (row.agreement ?? null) as Agreement | null,
    lastReceived: (row.last_received ?? null) as Negotiation['lastReceived'],
  };
}

/** The scalar columns of a negotiation row; JSON columns are written by the caller with `jsonb()`. */
export function negotiationColumns(n: Negotiation) {
  return {
    role: n.role,
    state: n.state,
    provider_pid: n.providerPid,
    consumer_pid: n.consumerPid,
    counterparty: n.counterparty,
    counterparty_address: n.counterpartyAddress,
    target: n.offer.target,
    offered_by: n.offeredBy,
  };
}

export function transferFromRow(row: Selectable<DspTransferTable>): Transfer {
  return {
    role: row.role as Role,
    state: row.state as TransferState,
    providerPid: row.provider_pid,
    consumerPid: row.consumer_pid,
    counterparty: row.counterparty,
    counterpartyAddress: row.counterparty_address,
    agreementId: row.agreement_id,
    format: row.format,
    dataAddress: (row.data_address ?? null) as DataAddress | null,
    lastReceived: (row.last_received ?? null) as Transfer['lastReceived'],
  };
}

/** The scalar columns of a transfer row; JSON columns are written by the caller with `jsonb()`. */
export function transferColumns(t: Transfer) {
  return {
    role: t.role,
    state: t.state,
    provider_pid: t.providerPid,
    consumer_pid: t.consumerPid,
    counterparty: t.counterparty,
    counterparty_address: t.counterpartyAddress,
    agreement_id: t.agreementId,
    format: t.format,
  };
}
