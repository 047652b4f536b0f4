/**
 * A finalized negotiation and its agreement written straight into a node's store, for tests that need an agreement
 * without running the protocol (the protocol's own tests run it).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../src/store/metadata/database.ts';
import '../../src/protocol/store/tables.ts';

export async function insertFinalizedAgreement(
  db: Kysely<Database>,
  options: {
    agreementId: string;
    negotiationPid: string;
    /** This node's role in the negotiation. */
    role: 'provider' | 'consumer';
    provider: string;
    consumer: string;
    target: string;
    counterpartyAddress: string;
    permission?: readonly unknown[];
  },
): Promise<void> {
  const now = new Date();
  const counterparty = options.role === 'provider' ? options.consumer : options.provider;
  await db
    .insertInto('dsp_negotiation')
    .values({
      pid: options.negotiationPid,
      role: options.role,
      state: 'FINALIZED',
      provider_pid:
        options.role === 'provider' ? options.negotiationPid : `${options.negotiationPid}-provider`,
      consumer_pid:
        options.role === 'consumer' ? options.negotiationPid : `${options.negotiationPid}-consumer`,
      counterparty,
      counterparty_address: options.counterpartyAddress,
      target: options.target,
      offer: JSON.stringify({}),
      offered_by: options.provider,
      agreement: null,
      last_received: null,
      pending_question: null,
      outcome: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await db
    .insertInto('dsp_agreement')
    .values({
      agreement_id: options.agreementId,
      negotiation_pid: options.negotiationPid,
      provider: options.provider,
      consumer: options.consumer,
      target: options.target,
      agreement: JSON.stringify({
        '@type': 'Agreement',
        '@id': options.agreementId,
        target: options.target,
        assigner: options.provider,
        assignee: options.consumer,
        timestamp: now.toISOString(),
        permission: options.permission ?? [{ action: 'use' }],
      }),
      provider_signature: null,
      consumer_signature: null,
      created_at: now,
    })
    .execute();
}
