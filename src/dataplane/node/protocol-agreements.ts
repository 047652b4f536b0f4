/**
 * The key service's agreement lookup over the protocol module's tables (migration 0300): an agreement is the row of
 * `dsp_agreement`, active once its negotiation is FINALIZED, terminated when the negotiation was TERMINATED, and
 * otherwise not yet active (suspended: agreed but not verified and finalized). Its ODRL policy is compiled with the
 * policy module; an agreement whose policy does not compile has no policy, which the decision point denies. An
 * agreement this node revoked (`dataplane_revocation`) is `revoked`, and its lease follows the rule of lease-rule.ts.
 */
import { compilePolicy, type CompiledPolicy } from '../../policy/compile-policy.ts';
import type { MetadataStore } from '../../store/metadata/port.ts';
import '../../protocol/store/tables.ts';
import { leaseSecondsOf } from '../service/lease-rule.ts';
import '../service/tables.ts';
import type { AgreementLookup, AgreementState, AgreementView } from '../service/ports.ts';

export type ProtocolAgreements = {
  readonly agreements: AgreementLookup;
  /** The compiled policy of an agreement view this lookup returned; undefined for any other view. */
  readonly policyOf: (agreement: AgreementView) => CompiledPolicy | undefined;
};

export function stateOfNegotiation(state: string | undefined): AgreementState {
  if (state === 'FINALIZED') return 'active';
  if (state === 'TERMINATED') return 'terminated';
  return 'suspended';
}

export function protocolAgreements(
  store: MetadataStore,
  options: { clock?: () => Date; maxLeaseSeconds?: number } = {},
): ProtocolAgreements {
  const clock = options.clock ?? (() => new Date());
  // Keyed by the view object itself, so a policy is never taken for another agreement's view.
  const policies = new WeakMap<AgreementView, CompiledPolicy>();
  return {
    agreements: async (agreementId) => {
      const row = await store.db
        .selectFrom('dsp_agreement')
        .leftJoin('dsp_negotiation', 'dsp_negotiation.pid', 'dsp_agreement.negotiation_pid')
        .leftJoin('dataplane_revocation', 'dataplane_revocation.agreement_id', 'dsp_agreement.agreement_id')
        .select([
          'dataplane_revocation.revoked_at',
          'dsp_agreement.agreement_id',
          'dsp_agreement.provider',
          'dsp_agreement.consumer',
          'dsp_agreement.target',
          'dsp_agreement.agreement',
          'dsp_negotiation.state',
        ])
        .where('dsp_agreement.agreement_id', '=', agreementId)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      const compiled = compilePolicy(row.agreement);
      const leaseSeconds = compiled.ok
        ? leaseSecondsOf(compiled.value.source, {
            now: clock(),
            ...(options.maxLeaseSeconds === undefined ? {} : { maxSeconds: options.maxLeaseSeconds }),
          })
        : undefined;
      const view: AgreementView = {
        id: row.agreement_id,
        // A revocation by this node (the provider) overrides whatever the negotiation reached.
        state: row.revoked_at === null ? stateOfNegotiation(row.state ?? undefined) : 'revoked',
        provider: row.provider,
        consumer: row.consumer,
        target: row.target,
        ...(leaseSeconds === undefined ? {} : { leaseSeconds }),
      };
      if (compiled.ok) policies.set(view, compiled.value);
      return view;
    },
    policyOf: (agreement) => policies.get(agreement),
  };
}
