/**
 * The port through which compute results and trained models are recorded as derived artefacts (lineage: inputs,
 * activity, high-water-mark label). The node wires it to the lineage module; without one nothing is recorded and the
 * run keeps its own label and inputs.
 */
import type { ConfidentialityLabel } from '../../labels/index.ts';

export type DerivedArtefact = {
  readonly artefact: string;
  readonly kind: 'model' | 'result';
  readonly title: string;
  readonly dataDigest: string;
  readonly label: ConfidentialityLabel;
  readonly metadata: Record<string, string | number | boolean>;
  /** The datasets used, each at its holder, with the label it carried and the agreement it was used under. */
  readonly inputs: readonly {
    readonly dataset: string;
    readonly participant: string;
    readonly label: ConfidentialityLabel;
    readonly agreement: unknown;
  }[];
  readonly activity: {
    readonly type: 'compute-job' | 'federated-training';
    readonly startedAt: Date;
    readonly endedAt: Date;
    readonly agent: string;
    readonly details: Record<string, string | number | boolean>;
  };
};

/** Records the artefact; answers its version id, or a reason it was refused. */
export type PublishDerived = (
  artefact: DerivedArtefact,
) => Promise<{ ok: true; version: string } | { ok: false; reason: string; detail: string }>;
