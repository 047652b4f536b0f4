/** Public surface of the labels module: confidentiality labels, policies, dominance, codecs and binding. */
export type { CategoryType, ConfidentialityLabel, LabelCategory, LabelMeaningReason } from './label.ts';
export { CATEGORY_TYPES, RELEASABLE_TO } from './label.ts';
export type { LabelClearance, LabelSubject } from './subject.ts';
export type {
  CategoryDefinition,
  CategoryMatch,
  ClassificationLevel,
  CountryGroup,
  EquivalenceRank,
  PolicyDefinition,
} from './policy.ts';
export { EQUIVALENCE_SCALE } from './policy.ts';
export type { PolicyRegistry, RegisteredPolicy } from './policy-registry.ts';
export { createPolicyRegistry, defaultPolicyRegistry, isCountryValue } from './policy-registry.ts';
export type { LabelAccessReason } from './access.ts';
export { ACCESS_GRANTED, checkLabelAccess } from './access.ts';
export type { CompiledLabel, CompiledSubject } from './compiled.ts';
export { checkCompiledAccess, compileLabel, compileSubject } from './compiled.ts';
export { dominates } from './dominance.ts';
export type { EquivalenceReason } from './equivalence.ts';
export { alternativeLabel, equivalentClassification, withAlternative } from './equivalence.ts';
export type { HighWaterMarkReason } from './high-water-mark.ts';
export { highWaterMark } from './high-water-mark.ts';
