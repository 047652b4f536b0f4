/** Versions, activities and inputs as the lineage module records them (W3C PROV: entities, activities, agents). */
import type { ConfidentialityLabel } from '../labels/index.ts';
import type { CatalogOffer } from '../protocol/messages/odrl.ts';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** What a version is of: a catalog dataset, a trained model, or another result (a job's output). */
export const ARTEFACT_KINDS = ['dataset', 'model', 'result'] as const;
export type ArtefactKind = (typeof ARTEFACT_KINDS)[number];

/** The activity that made a derived artefact (`prov:Activity`). */
export type ActivityInput = {
  /** What was done, e.g. "cleaning", "merge", "federated-training", "compute-job". */
  readonly type: string;
  readonly startedAt: Date;
  readonly endedAt: Date;
  /** Who did it (`prov:wasAssociatedWith`): a user or participant IRI, e.g. "urn:foedera:user:FRA:alice". */
  readonly agent: string;
  /** Parameters worth keeping (hyper-parameters, job digest, rounds); JSON only. */
  readonly details?: JsonObject;
};

/**
 * An input of a derivation: a version this node recorded, or an artefact held by another node, described by what
 * this node knows of it (from the peer's catalog or the agreement under which it was used).
 */
export type LineageInput =
  | { readonly version: string }
  | {
      readonly external: {
        readonly artefact: string;
        /** The holder's version id, when it published one. */
        readonly version?: string;
        /** Participant id of the holder, e.g. "DEU". */
        readonly participant: string;
        readonly title?: string;
        readonly label: ConfidentialityLabel;
        /** The policies it was used under: the agreement, or the offers of its catalog entry. */
        readonly policies: readonly CatalogOffer[];
      };
    };

/** The content description whose SHA-256 is the version id. */
export type VersionContent = {
  readonly artefact: string;
  readonly kind: ArtefactKind;
  readonly title: string;
  /** Hex SHA-256 of the artefact's bytes, when the publisher gave it. */
  readonly dataDigest?: string;
  /** Kind-specific description: a dataset's DCAT metadata and card, a model's format and metrics. */
  readonly metadata: JsonObject;
  readonly label: ConfidentialityLabel;
  readonly policies: readonly CatalogOffer[];
  /** Input version ids, sorted; empty for a primary version. */
  readonly derivedFrom: readonly string[];
  /** The generating activity's id, for a derived version. */
  readonly activity?: string;
};

export type StoredVersion = {
  readonly id: string;
  readonly artefact: string;
  readonly kind: ArtefactKind;
  readonly title: string;
  /** Participant id holding the artefact. */
  readonly participant: string;
  /** False for a foreign input known only by reference. */
  readonly local: boolean;
  readonly content: VersionContent | JsonObject;
  readonly label: ConfidentialityLabel;
  readonly policies: readonly CatalogOffer[];
  readonly activity?: string;
  /** The version of the same artefact this one revised (`prov:wasRevisionOf`). */
  readonly previous?: string;
  readonly recordedAt: string;
};

export type StoredActivity = {
  readonly id: string;
  readonly type: string;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly agent: string;
  readonly participant: string;
  readonly details: JsonObject;
  readonly used: readonly string[];
};
