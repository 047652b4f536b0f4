/**
 * Wires the compute module's derived-artefact port to the lineage module (docs/decisions/0040): a job's output or a
 * trained model becomes a version whose inputs are the providers' datasets (external references with the label they
 * carried and the agreement they were used under), made by a `compute-job` or `federated-training` activity. The
 * lineage module computes the high-water mark again and refuses a label weaker than the inputs'.
 */
import { deriveArtefact } from '../../lineage/index.ts';
import type { NodeContext } from '../../node/context.ts';
import type { CatalogOffer } from '../../protocol/messages/odrl.ts';
import { participantUri } from '../../trust/participant-identity.ts';
import type { PublishDerived } from '../consumer/derived-artefacts.ts';

/** The agreement's terms as the policy the input was used under (its parties and target are the lineage's own). */
function termsOf(agreement: unknown): CatalogOffer {
  const {
    target: _t,
    assigner: _a,
    assignee: _e,
    timestamp: _s,
    ...terms
  } = (agreement ?? {}) as Record<string, unknown>;
  return { ...terms, '@type': 'Offer' } as CatalogOffer;
}

export function publishDerivedFor(context: NodeContext): PublishDerived {
  return async (artefact) => {
    const derived = await deriveArtefact(context.stores.metadata, {
      node: context.identity.participantId,
      actor: artefact.activity.agent,
      now: context.clock(),
      derived: {
        artefact: artefact.artefact,
        kind: artefact.kind,
        title: artefact.title,
        dataDigest: artefact.dataDigest,
        metadata: { ...artefact.metadata },
        label: artefact.label,
        inputs: artefact.inputs.map((input) => ({
          external: {
            artefact: input.dataset,
            participant: input.participant,
            label: input.label,
            policies: [termsOf(input.agreement)],
          },
        })),
        activity: {
          type: artefact.activity.type,
          startedAt: artefact.activity.startedAt,
          endedAt: artefact.activity.endedAt,
          agent: artefact.activity.agent.startsWith('user:')
            ? `urn:foedera:user:${context.identity.participantId}:${artefact.activity.agent.slice(5)}`
            : participantUri(context.identity.participantId),
          details: { ...artefact.activity.details },
        },
      },
    });
    if (!derived.ok) return { ok: false, reason: derived.reason, detail: derived.detail };
    return { ok: true, version: derived.value.version.id };
  };
}
