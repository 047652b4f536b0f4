/**
 * The purpose this node declared when it negotiated an agreement as its consumer: the `purpose eq "…"` constraint of
 * the offer on its negotiation (its contract request), else one the agreement itself carries. Opening data under the
 * agreement states this purpose to the owner's key service unless the user names another; without one, none is sent.
 */
import { declaredPurpose } from '../../protocol/node/contract-decision.ts';
import type { MessageOffer } from '../../protocol/messages/odrl.ts';
import '../../protocol/store/tables.ts';
import type { MetadataStore } from '../../store/metadata/port.ts';

export async function negotiatedPurpose(
  db: MetadataStore['db'],
  agreementId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('dsp_agreement')
    .leftJoin('dsp_negotiation', 'dsp_negotiation.pid', 'dsp_agreement.negotiation_pid')
    .select(['dsp_negotiation.offer', 'dsp_negotiation.role', 'dsp_agreement.agreement'])
    .where('dsp_agreement.agreement_id', '=', agreementId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const asked = row.role === 'consumer' && isOffer(row.offer) ? declaredPurpose(row.offer) : undefined;
  return asked ?? (isOffer(row.agreement) ? declaredPurpose(row.agreement) : undefined);
}

function isOffer(value: unknown): value is MessageOffer {
  if (typeof value !== 'object' || value === null) return false;
  const permission = (value as { permission?: unknown }).permission;
  return permission === undefined || Array.isArray(permission);
}
