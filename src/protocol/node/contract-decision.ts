/**
 * The provider's contract decision, through the policy module's decision point. The requested offer must be one this
 * node published for the dataset (matched by `@id`); what it would grant is that published offer, assigned to the
 * consumer, compiled strictly and put to `decide()` with the dataset's label from this node's catalog, the consumer
 * participant as its certificate described it when it opened the negotiation, the action `use` (`foedera:compute` for
 * an offer that grants only compute-to-data), and the purpose the consumer declared in its request (a `purpose eq …`
 * constraint of the requested offer). A dataset or offer this node does not hold, an offer it cannot enforce, or a
 * consumer whose nation it does not know is a denial with its reason; nothing reaches an agreement without a permit.
 */
import type { Transaction } from 'kysely';
import { getDataset, type CatalogDataset } from '../../catalog/index.ts';
import type { Database } from '../../store/metadata/database.ts';
import { compilePolicy, decide } from '../../policy/index.ts';
import type { Constraint, MessageOffer } from '../messages/odrl.ts';
import { agreementFrom, type ContractDecision, type ContractDecisionPort } from '../service/deciders.ts';

export type ContractDecisionOptions = {
  /** This node's participant identifier (the assigner of what it grants). */
  readonly node: string;
};

const deny = (code: string, detail: string): ContractDecision => ({
  decision: 'deny',
  reasons: [{ code, detail }],
});

const PURPOSE = new Set(['purpose', 'odrl:purpose', 'http://www.w3.org/ns/odrl/2/purpose']);

/** The purpose a consumer states in its request: the value of a `purpose eq "…"` constraint on a permission. */
export function declaredPurpose(offer: MessageOffer): string | undefined {
  const atomic = (c: Constraint): c is Extract<Constraint, { leftOperand: string }> => 'leftOperand' in c;
  for (const rule of offer.permission ?? []) {
    for (const constraint of rule.constraint ?? []) {
      if (
        atomic(constraint) &&
        PURPOSE.has(constraint.leftOperand) &&
        constraint.operator === 'eq' &&
        typeof constraint.rightOperand === 'string'
      ) {
        return constraint.rightOperand;
      }
    }
  }
  return undefined;
}

// A decision batch answers many requests in one transaction, often on the same dataset: each dataset is read once per
// transaction, so all the batch's decisions see it as one read.
const readIn = new WeakMap<Transaction<Database>, Map<string, Promise<CatalogDataset | undefined>>>();

function datasetIn(trx: Transaction<Database>, id: string): Promise<CatalogDataset | undefined> {
  let read = readIn.get(trx);
  if (read === undefined) {
    read = new Map();
    readIn.set(trx, read);
  }
  let dataset = read.get(id);
  if (dataset === undefined) {
    dataset = getDataset(trx, id);
    read.set(id, dataset);
  }
  return dataset;
}

export function policyContractDecision(options: ContractDecisionOptions): ContractDecisionPort {
  return async ({ consumer, consumerCountry, offer, now, trx }) => {
    const dataset = await datasetIn(trx, offer.target);
    if (dataset === undefined) {
      return deny('unknown-dataset', `Dataset "${offer.target}" is not in the catalog of "${options.node}"`);
    }
    if (consumerCountry === null) {
      return deny(
        'unknown-participant',
        `Participant "${consumer}" has not presented a federation certificate naming its nation`,
      );
    }
    const published = dataset.offers.find((o) => o['@id'] === offer['@id']);
    if (published === undefined) {
      return deny('unknown-offer', `Offer "${offer['@id']}" is not an offer of dataset "${dataset.id}"`);
    }
    const grant: MessageOffer & { target: string } = { ...published, '@type': 'Offer', target: dataset.id };
    const proposed = agreementFrom({
      id: `urn:foedera:proposed:${offer['@id']}`,
      offer: grant,
      assigner: options.node,
      assignee: consumer,
      now,
    });
    const policy = compilePolicy(proposed, { strict: true });
    if (!policy.ok) {
      return deny('offer-not-enforceable', `Cannot grant offer "${offer['@id']}": ${policy.detail}`);
    }
    const purpose = declaredPurpose(offer);
    const ask = (action: string) =>
      decide({
        subject: { participant: { id: consumer, country: consumerCountry } },
        resource: {
          id: dataset.id,
          label: dataset.label,
          // The label comes from this node's own catalog record, not from a peer; its binding to the bytes is
          // verified by the key service at every access, where the data is at hand.
          labelBinding: true,
        },
        agreement: { policy: policy.value, state: 'active' },
        action,
        context: { now, recipientParticipant: consumer, ...(purpose === undefined ? {} : { purpose }) },
        // Only the organisation agrees here: its nation must be releasable; each person who later uses the data is
        // checked against the full label at every access.
        stage: 'contract',
      });
    let decision = ask('use');
    // A compute-to-data offer grants `foedera:compute` alone (the code comes to the data, which never leaves).
    if (decision.decision === 'deny' && decision.reasons.some((r) => r.code === 'action-not-permitted')) {
      decision = ask('foedera:compute');
    }
    return { decision: decision.decision, reasons: decision.reasons, grant };
  };
}
