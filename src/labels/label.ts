/**
 * A confidentiality label in the model of NATO STANAG 4774 (ADatP-4774, Confidentiality Metadata Label Syntax):
 * the policy that gives it meaning, a classification from that policy's ordered list, an optional privacy mark,
 * categories, the originator and the creation time. Alternatives carry equivalent labels under other policies
 * (ADatP-4774 `alternativeConfidentialityLabel`); the originator's label itself is never rewritten.
 */
export type CategoryType = 'PERMISSIVE' | 'RESTRICTIVE' | 'INFORMATIVE';

export const CATEGORY_TYPES: readonly CategoryType[] = ['PERMISSIVE', 'RESTRICTIVE', 'INFORMATIVE'];

export type LabelCategory = {
  /** ADatP-4774 `Category/@TagName`, e.g. "Releasable To". */
  readonly tagName: string;
  /** ADatP-4774 `Category/@Type`. */
  readonly type: CategoryType;
  /** ADatP-4774 `Category/GenericValue` elements, in the order the originator wrote them. */
  readonly values: readonly string[];
};

export type ConfidentialityLabel = {
  /** ADatP-4774 `PolicyIdentifier`: a policy id known to the registry, e.g. "NATO", "EU", "FRA". */
  readonly policy: string;
  /** ADatP-4774 `Classification`: one of the policy's level names, e.g. "NATO SECRET". */
  readonly classification: string;
  /** ADatP-4774 `PrivacyMark`. */
  readonly privacyMark?: string;
  readonly categories: readonly LabelCategory[];
  /** ADatP-4774 `OriginatorID` (a URI-style participant identifier). */
  readonly originator: string;
  /** ADatP-4774 `CreationDateTime`, RFC 3339 in UTC (e.g. "2026-11-26T05:00:00Z"). */
  readonly creationTime: string;
  /** Equivalent labels under other policies; an alternative has no alternatives of its own. */
  readonly alternatives?: readonly ConfidentialityLabel[];
};

/** The tag name of the PERMISSIVE category that lists the nations (and groups) data may be released to. */
export const RELEASABLE_TO = 'Releasable To';

/** Reasons a label is refused before any access is decided: the registry does not know what it means. */
export type LabelMeaningReason = 'unknown-policy' | 'unknown-classification' | 'unknown-category';
