/**
 * The key service's decision port wired to the policy decision point: `decide()` of src/policy on the agreement's
 * compiled ODRL policy, the object's label and the verified label binding, for the action `use` and the purpose the
 * requester states.
 */
import type { ConfidentialityLabel } from '../../labels/index.ts';
import type { CompiledPolicy } from '../../policy/compile-policy.ts';
import { decide } from '../../policy/decide.ts';
import type { AgreementView, DecidePort } from './ports.ts';

export function policyDecision(options: {
  policyOf: (agreement: AgreementView) => CompiledPolicy | undefined;
}): DecidePort {
  return (input) => {
    const policy = options.policyOf(input.agreement);
    if (policy === undefined) {
      return {
        decision: 'deny',
        reasons: [
          { code: 'not-an-agreement', detail: `No compiled policy for agreement "${input.agreement.id}"` },
        ],
      };
    }
    return decide({
      subject: input.subject,
      resource: {
        id: input.datasetId,
        label: input.label as ConfidentialityLabel,
        labelBinding: input.labelBinding,
      },
      agreement: { policy, state: input.agreement.state },
      action: 'use',
      context: { now: input.now, ...(input.purpose === undefined ? {} : { purpose: input.purpose }) },
    });
  };
}
