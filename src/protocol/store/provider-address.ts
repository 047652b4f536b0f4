/**
 * Where the provider of an agreement this node holds as consumer listens now, as a DSP address: the endpoint the
 * provider's catalog last named in the federated catalog (refreshed with each fetch, so a provider that restarted on
 * another port is found again), else the address the negotiation reached it at. Transfers started without an address
 * and compute and training jobs send their requests there.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/metadata/database.ts';
import '../../catalog/store/tables.ts';
import './tables.ts';

export async function agreedProviderAddress(
  db: Kysely<Database>,
  agreementId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('dsp_agreement')
    .innerJoin('dsp_negotiation', 'dsp_negotiation.pid', 'dsp_agreement.negotiation_pid')
    .leftJoin('catalog_peer', 'catalog_peer.peer', 'dsp_agreement.provider')
    .where('dsp_agreement.agreement_id', '=', agreementId)
    .where('dsp_negotiation.role', '=', 'consumer')
    .select(['catalog_peer.endpoint', 'dsp_negotiation.counterparty_address'])
    .executeTakeFirst();
  return row === undefined ? undefined : (row.endpoint ?? row.counterparty_address);
}
