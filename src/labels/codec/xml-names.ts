/** XML names of ADatP-4774 (STANAG 4774 Ed. A) used by the label codec, and Foedera's wrapper for alternatives. */
export const SLAB_NS = 'urn:nato:stanag:4774:confidentialitymetadatalabel:1:0';
/**
 * ADatP-4774 defines the two metadata elements but no document that holds both; STANAG 4778 binds them side by side.
 * For a label with alternatives in one XML document Foedera uses this wrapper; a label without alternatives is written
 * as a bare `originatorConfidentialityLabel`, readable by any 4774 implementation.
 */
export const FOEDERA_LABELS_NS = 'urn:foedera:labels:1';

export const ELEMENT = {
  originator: 'originatorConfidentialityLabel',
  alternative: 'alternativeConfidentialityLabel',
  information: 'ConfidentialityInformation',
  policy: 'PolicyIdentifier',
  classification: 'Classification',
  privacyMark: 'PrivacyMark',
  category: 'Category',
  value: 'GenericValue',
  originatorId: 'OriginatorID',
  creation: 'CreationDateTime',
  wrapper: 'ConfidentialityLabels',
} as const;

/** ADatP-4774 `OriginatorID/@IDType` for a URI, the only form Foedera originators take. */
export const ORIGINATOR_ID_TYPE = 'uniformResourceIdentifier';
