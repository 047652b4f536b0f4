/**
 * Public surface of the lineage module: immutable content-addressed versions, derived artefacts with their inputs
 * and activity (W3C PROV), their automatic label (high-water mark) and usage constraints (intersection), and the
 * lineage graph as JSON-LD. See docs/decisions/0040-ai-cards-and-lineage.md for how other modules use it.
 */
export type {
  ActivityInput,
  ArtefactKind,
  JsonObject,
  JsonValue,
  LineageInput,
  StoredActivity,
  StoredVersion,
  VersionContent,
} from './model.ts';
export { ARTEFACT_KINDS } from './model.ts';
export type {
  RecordContext,
  RecordedVersion,
  DerivedArtefact,
  Derivation,
  RecordDerivedReason,
} from './record.ts';
export { deriveArtefact, recordDerived, recordVersion } from './record.ts';
export type { DerivationInput, DerivationPlan, DerivationReason } from './derive.ts';
export { planDerivation } from './derive.ts';
export type { UsageConstraints } from './usage.ts';
export {
  intersectUsage,
  summariseOffer,
  summariseOffers,
  unusable,
  usageOffer,
  weakerThan,
} from './usage.ts';
export { isVersionId, versionIdOf } from './version-id.ts';
export type { LineageGraph, ProvActivity, ProvAgent, ProvEntity } from './prov-graph.ts';
export { lineageGraph, PROV_CONTEXT } from './prov-graph.ts';
export { getVersion, latestVersion, listVersions } from './store/version-repository.ts';

/** HTTP status of each lineage refusal, for a route plugin's `reasons`. */
export const LINEAGE_REASONS: Readonly<Record<string, number>> = {
  'no-inputs': 400,
  'invalid-input': 400,
  'unknown-input': 404,
  'invalid-input-label': 422,
  'inputs-incompatible': 422,
  'label-too-weak': 422,
  'usage-too-weak': 422,
};
