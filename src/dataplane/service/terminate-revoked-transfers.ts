/**
 * A revocation reaches the consumer through the Dataspace Protocol: every transfer of the revoked agreement that has
 * not ended is terminated with the code `agreement-revoked`, in the transaction that records the revocation, so
 * the TransferTerminationMessage leaves through the protocol outbox and is delivered even if the node stops right
 * after. A COMPLETED transfer is final in DSP 2025-1 and is not touched: its data is held by the consumer, whose
 * next key request is refused `agreement-revoked`.
 */
import type { Transaction } from 'kysely';
import type { ProtocolDeps } from '../../protocol/service/ports.ts';
import { commandTransfer } from '../../protocol/service/transfers.ts';
import '../../protocol/store/tables.ts';
import type { Database } from '../../store/metadata/database.ts';

export async function terminateRevokedTransfers(
  trx: Transaction<Database>,
  options: { deps: ProtocolDeps; agreementId: string; actor: string; reason: string },
): Promise<string[]> {
  const rows = await trx
    .selectFrom('dsp_transfer')
    .select('pid')
    .where('agreement_id', '=', options.agreementId)
    .where('role', '=', 'provider')
    .where('state', 'in', ['REQUESTED', 'STARTED', 'SUSPENDED'])
    .orderBy('pid')
    .execute();
  const terminated: string[] = [];
  for (const { pid } of rows) {
    const outcome = await commandTransfer(options.deps, {
      pid,
      event: { kind: 'terminate', code: 'agreement-revoked', reason: [options.reason] },
      actor: options.actor,
      inTransaction: trx,
    });
    if (outcome.ok) terminated.push(pid);
  }
  return terminated;
}
