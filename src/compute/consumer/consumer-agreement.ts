/**
 * The consumer's view of an agreement it holds, for sending code to the data: the provider, the dataset and where the
 * provider's protocol surface is now, without its `/dsp` path: the endpoint the provider's catalog last named in the
 * federated catalog, else the address the negotiation used (a provider restarted on another port is found again once
 * its catalog is refreshed).
 */
import type { Kysely } from 'kysely';
import { err, ok, type Result } from '../../shared/result.ts';
import type { Database } from '../../store/metadata/database.ts';
import '../../catalog/store/tables.ts';
import '../../protocol/store/tables.ts';

export type ConsumerAgreement = {
  readonly id: string;
  readonly provider: string;
  readonly dataset: string;
  /** `https://host:port` of the provider's protocol surface. */
  readonly providerBase: string;
  /** The agreement's ODRL document. */
  readonly policy: unknown;
};

export async function consumerAgreement(
  db: Kysely<Database>,
  options: { agreementId: string; self: string },
): Promise<Result<ConsumerAgreement, 'unknown-agreement' | 'agreement-not-active'>> {
  const row = await db
    .selectFrom('dsp_agreement')
    .innerJoin('dsp_negotiation', 'dsp_negotiation.pid', 'dsp_agreement.negotiation_pid')
    .leftJoin('catalog_peer', 'catalog_peer.peer', 'dsp_agreement.provider')
    .select([
      'catalog_peer.endpoint',
      'dsp_agreement.provider',
      'dsp_agreement.target',
      'dsp_agreement.agreement',
      'dsp_negotiation.state',
      'dsp_negotiation.counterparty_address',
    ])
    .where('dsp_agreement.agreement_id', '=', options.agreementId)
    .where('dsp_agreement.consumer', '=', options.self)
    .where('dsp_negotiation.role', '=', 'consumer')
    .executeTakeFirst();
  const what = `Cannot use agreement "${options.agreementId}"`;
  if (row === undefined)
    return err('unknown-agreement', `${what}: this node holds no such agreement as consumer`);
  if (row.state !== 'FINALIZED')
    return err('agreement-not-active', `${what}: its negotiation is ${row.state}`);
  return ok({
    id: options.agreementId,
    provider: row.provider,
    dataset: row.target,
    providerBase: (row.endpoint ?? row.counterparty_address).replace(/\/dsp\/?$/, ''),
    policy: row.agreement,
  });
}
