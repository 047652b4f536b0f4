/**
 * The provider's contract decision, through the policy module's decision point: the agreement this node would grant
 * (the requested offer, assigned to the consumer, about the dataset) is compiled strictly and put to `decide()`
 * with the dataset's label from this node's catalog, the consumer participant as its certificate describes it,
 * and the action `use`. A dataset this node does not hold, an offer it cannot enforce, or a consumer it has not
 * seen over mutual TLS is a denial with its reason; nothing reaches an agreement without a permit.
 */
import { getDataset } from '../../catalog/index.ts';
import { compilePolicy, decide } from '../../policy/index.ts';
import { agreementFrom, type ContractDecision, type ContractDecisionPort } from '../service/deciders.ts';
import type { Participant } from '../../policy/index.ts';

export type ContractDecisionOptions = {
  /** This node's participant identifier (the assigner of what it grants). */
  readonly node: string;
  /** The consumer as its federation certificate describes it, or undefined when this node has not seen it. */
  readonly participant: (id: string) => Participant | undefined;
};

const deny = (code: string, detail: string): ContractDecision => ({
  decision: 'deny',
  reasons: [{ code, detail }],
});

export function policyContractDecision(options: ContractDecisionOptions): ContractDecisionPort {
  return async ({ consumer, offer, now, trx }) => {
    const dataset = await getDataset(trx, offer.target);
    if (dataset === undefined) {
      return deny('unknown-dataset', `Dataset "${offer.target}" is not in the catalog of "${options.node}"`);
    }
    const participant = options.participant(consumer);
    if (participant === undefined) {
      return deny(
        'unknown-participant',
        `Participant "${consumer}" has not presented a federation certificate`,
      );
    }
    const proposed = agreementFrom({
      id: `urn:foedera:proposed:${offer['@id']}`,
      offer,
      assigner: options.node,
      assignee: consumer,
      now,
    });
    const policy = compilePolicy(proposed, { strict: true });
    if (!policy.ok) {
      return deny('offer-not-enforceable', `Cannot grant offer "${offer['@id']}": ${policy.detail}`);
    }
    const decision = decide({
      subject: { participant },
      resource: {
        id: dataset.id,
        label: dataset.label,
        // The label comes from this node's own catalog record, not from a peer; its binding to the bytes is
        // verified by the key service at every access, where the data is at hand.
        labelBinding: true,
      },
      agreement: { policy: policy.value, state: 'active' },
      action: 'use',
      context: { now, recipientParticipant: consumer },
    });
    return { decision: decision.decision, reasons: decision.reasons };
  };
}
