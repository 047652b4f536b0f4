/**
 * The consumer's view of an agreement it holds, for sending code to the data: the provider, the dataset and where the
 * provider's protocol surface is now, without its `/dsp` path (`agreedProviderAddress`).
 */
import type { Kysely } from 'kysely';
import { err, ok, type Result } from '../../shared/result.ts';
import type { Database } from '../../store/metadata/database.ts';
import { agreedProviderAddress } from '../../protocol/store/provider-address.ts';
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
    .select([
      'dsp_agreement.provider',
      'dsp_agreement.target',
      'dsp_agreement.agreement',
      'dsp_negotiation.state',
    ])
    .where('dsp_agreement.agreement_id', '=', options.agreementId)
    .where('dsp_agreement.consumer', '=', options.self)
    .where('dsp_negotiation.role', '=', 'consumer')
    .executeTakeFirst();
  const what = `Cannot use agreement "${options.agreementId}"`;
  const address = row === undefined ? undefined : await agreedProviderAddress(db, options.agreementId);
  if (row === undefined || address === undefined)
    return err('unknown-agreement', `${what}: this node holds no such agreement as consumer`);
  if (row.state !== 'FINALIZED')
    return err('agreement-not-active', `${what}: its negotiation is ${row.state}`);
  return ok({
    id: options.agreementId,
    provider: row.provider,
    dataset: row.target,
    providerBase: address.replace(/\/dsp\/?$/, ''),
    policy: row.agreement,
  });
}
