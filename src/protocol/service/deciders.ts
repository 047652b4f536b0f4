/**
 * The node's automatic answers to the questions the state machines ask. The provider decides each contract request
 * (and the consumer's acceptance of its offer) with the decision point, through `decideContract`; an agreement it
 * grants names assigner, assignee, target and time. The consumer accepts offers for what it asked, verifies an
 * agreement that names it and the provider, and the provider starts a transfer only under a finalized agreement
 * assigned to the requesting participant. With a signer, the provider signs the agreement it grants, the consumer
 * verifies that signature before it signs its verification, and the provider verifies the consumer's before it
 * finalizes; a signature that does not verify terminates the negotiation with `invalid-agreement-signature`.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../../store/metadata/database.ts';
import type { Agreement, MessageOffer } from '../messages/odrl.ts';
import type { DataAddress } from '../messages/types.ts';
import type { Negotiation, NegotiationEvent } from '../negotiation/negotiation.ts';
import type { Transfer } from '../transfer/transfer.ts';
import type { Deciders } from './decision-worker.ts';
import type { ProtocolDeps, RecordedAgreement } from './ports.ts';

export type ContractDecision = {
  readonly decision: 'permit' | 'deny';
  readonly reasons: readonly { readonly code: string; readonly detail: string }[];
  /** On a permit, the offer the provider grants (by default the one requested). */
  readonly grant?: MessageOffer & { target: string };
};

/** The decision point, as the provider asks it: may `consumer` have `offer` on dataset `offer.target`? */
export type ContractDecisionPort = (input: {
  consumer: string;
  /** The consumer's nation as its certificate named it when it opened the negotiation, when known. */
  consumerCountry: string | null;
  offer: MessageOffer & { target: string };
  now: Date;
  trx: Transaction<Database>;
}) => ContractDecision | Promise<ContractDecision>;

/** Signs this node's side of an agreement and verifies the counterparty's (`node/agreement-signer.ts`). */
export type AgreementSigner = {
  sign(agreement: Agreement): Promise<string>;
  /** Whether `signature` was made over `agreement` by the key of `certificate`, a certificate of `participant`. */
  verify(input: {
    agreement: Agreement;
    signature: string | null;
    certificate: string | null;
    participant: string;
  }): Promise<{ ok: true } | { ok: false; detail: string }>;
};

export type AutomaticDecidersOptions = {
  decideContract: ContractDecisionPort;
  /** When set, agreements are signed by both nodes and each side verifies the other's signature before going on. */
  signer?: AgreementSigner;
  /** Pull transfers: where the consumer may read the data of `transfer` (the data plane's endpoint). */
  dataAddressFor?: (transfer: Transfer) => DataAddress | undefined;
  /** Consumer: whether to accept a provider's offer; by default, any offer on the dataset it asked for. */
  acceptOffer?: (negotiation: Negotiation) => boolean;
};

export function agreementFrom(options: {
  id: string;
  offer: MessageOffer & { target: string };
  assigner: string;
  assignee: string;
  now: Date;
}): Agreement {
  const { offer } = options;
  return {
    '@type': 'Agreement',
    '@id': options.id,
    target: offer.target,
    assigner: options.assigner,
    assignee: options.assignee,
    timestamp: options.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    ...(offer.profile === undefined ? {} : { profile: offer.profile }),
    ...(offer.permission === undefined ? {} : { permission: offer.permission }),
    ...(offer.prohibition === undefined ? {} : { prohibition: offer.prohibition }),
    ...(offer.obligation === undefined ? {} : { obligation: offer.obligation }),
  };
}

const badSignature = (detail: string): NegotiationEvent => ({
  kind: 'terminate',
  code: 'invalid-agreement-signature',
  reason: [detail],
});

/** Verifies the counterparty's signature kept with the agreement of negotiation `pid`; null when it holds. */
async function counterpartySignature(
  signer: AgreementSigner,
  input: {
    pid: string;
    negotiation: Negotiation;
    trx: Transaction<Database>;
    recorded?: RecordedAgreement | null | undefined;
  },
): Promise<NegotiationEvent | null> {
  const recorded = input.recorded === undefined ? await readRecorded(input.trx, input.pid) : input.recorded;
  if (recorded === null) return badSignature(`No agreement is recorded for negotiation "${input.pid}"`);
  const theirs = input.negotiation.role === 'provider' ? 'consumer' : 'provider';
  const verified = await signer.verify({
    agreement: recorded.agreement as Agreement,
    signature: theirs === 'provider' ? recorded.providerSignature : recorded.consumerSignature,
    certificate: theirs === 'provider' ? recorded.providerCertificate : recorded.consumerCertificate,
    participant: input.negotiation.counterparty,
  });
  return verified.ok ? null : badSignature(verified.detail);
}

async function readRecorded(trx: Transaction<Database>, pid: string): Promise<RecordedAgreement | null> {
  const row = await trx
    .selectFrom('dsp_agreement')
    .selectAll()
    .where('negotiation_pid', '=', pid)
    .executeTakeFirst();
  return row === undefined
    ? null
    : {
        agreement: row.agreement,
        providerSignature: row.provider_signature,
        consumerSignature: row.consumer_signature,
        providerCertificate: row.provider_certificate,
        consumerCertificate: row.consumer_certificate,
      };
}

export function automaticDeciders(deps: ProtocolDeps, options: AutomaticDecidersOptions): Deciders {
  const { signer } = options;
  return {
    negotiation: async ({ question, pid, negotiation, counterpartyCountry, trx, audit, recorded }) => {
      switch (question) {
        case 'contract-request': {
          const now = deps.clock();
          const decision = await options.decideContract({
            consumer: negotiation.counterparty,
            consumerCountry: counterpartyCountry,
            offer: negotiation.offer,
            now,
            trx,
          });
          // The decision is evidence of its own, beside the step it causes, and shares that step's transaction.
          audit({
            time: now.toISOString(),
            node: deps.node,
            kind: decision.decision === 'permit' ? 'decision.permit' : 'decision.deny',
            actor: `participant:${negotiation.counterparty}`,
            subject: `dataset:${negotiation.offer.target}`,
            details: {
              stage: 'contract',
              negotiation: pid,
              offer: negotiation.offer['@id'],
              reasons: decision.reasons.map((r) => ({ code: r.code, detail: r.detail })),
            },
          });
          if (decision.decision === 'deny') {
            return {
              kind: 'terminate',
              code: decision.reasons[0]?.code ?? 'denied',
              reason: decision.reasons.map((r) => `${r.code}: ${r.detail}`),
            };
          }
          const agreement = agreementFrom({
            id: deps.newPid(),
            offer: decision.grant ?? negotiation.offer,
            assigner: deps.node,
            assignee: negotiation.counterparty,
            now,
          });
          if (signer === undefined) return { kind: 'agree', agreement };
          return { kind: 'agree', agreement, signature: await signer.sign(agreement) };
        }
        case 'contract-offer':
          return (options.acceptOffer ?? (() => true))(negotiation)
            ? { kind: 'accept' }
            : {
                kind: 'terminate',
                code: 'offer-declined',
                reason: ['The offer is not what this participant asked for'],
              };
        case 'contract-agreement': {
          const agreement = negotiation.agreement;
          if (
            agreement !== null &&
            agreement.assignee === deps.node &&
            agreement.assigner === negotiation.counterparty
          ) {
            if (signer === undefined) return { kind: 'verify' };
            const refused = await counterpartySignature(signer, { pid, negotiation, trx, recorded });
            return refused ?? { kind: 'verify', signature: await signer.sign(agreement) };
          }
          return {
            kind: 'terminate',
            code: 'agreement-mismatch',
            reason: [
              `The agreement must name "${negotiation.counterparty}" as assigner and "${deps.node}" as assignee`,
            ],
          };
        }
        case 'contract-verification': {
          if (signer === undefined) return { kind: 'finalize' };
          return (
            (await counterpartySignature(signer, { pid, negotiation, trx, recorded })) ?? { kind: 'finalize' }
          );
        }
      }
    },
    transfer: async ({ transfer, trx }) => {
      const agreement = await trx
        .selectFrom('dsp_agreement')
        .innerJoin('dsp_negotiation', 'dsp_negotiation.pid', 'dsp_agreement.negotiation_pid')
        .select(['dsp_agreement.consumer', 'dsp_negotiation.state'])
        .where('dsp_agreement.agreement_id', '=', transfer.agreementId)
        .where('dsp_negotiation.role', '=', 'provider')
        .executeTakeFirst();
      if (
        agreement === undefined ||
        agreement.consumer !== transfer.counterparty ||
        agreement.state !== 'FINALIZED'
      ) {
        return {
          kind: 'terminate',
          code: 'no-agreement',
          reason: [`No finalized agreement "${transfer.agreementId}" assigned to "${transfer.counterparty}"`],
        };
      }
      const dataAddress = options.dataAddressFor?.(transfer);
      return dataAddress === undefined ? { kind: 'start' } : { kind: 'start', dataAddress };
    },
  };
}
