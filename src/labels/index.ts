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
export type { LabelDecodeError, LabelDecodeResult } from './codec/label-shape.ts';
export { LABEL_LIMITS } from './codec/label-shape.ts';
export { canonicalLabelJson, labelFromJsonValue, parseLabelJson } from './codec/json.ts';
export { labelToXml } from './codec/xml-write.ts';
export { labelFromXml } from './codec/xml-read.ts';
export type { BindingAlgorithm, LabelBinding } from './binding/binding-format.ts';
export type { BoundData, SigningKey } from './binding/bind-label.ts';
export { bindLabel } from './binding/bind-label.ts';
export type { BindingReason } from './binding/verify-label-binding.ts';
export { verifyLabelBinding } from './binding/verify-label-binding.ts';
export { sha384, sha384OfStream } from './binding/digest.ts';
