/**
 * A security policy as data (the information an ADatP-4774 policy identifier points at, in the spirit of an XML SPIF):
 * its ordered classification levels, the categories a label may carry and, for each level, its rank on the common
 * equivalence scale so that clearances and labels compare across policies.
 */
import type { CategoryType } from './label.ts';

/**
 * The common scale of the published equivalence tables (Council Decision 2013/488/EU, Annex I; EU-NATO Security
 * of Information Agreement, OJ L 80, 27.3.2003). 0 is unclassified; 1..4 are the four EU levels from RESTREINT UE/EU
 * RESTRICTED to TRES SECRET UE/EU TOP SECRET.
 */
export type EquivalenceRank = 0 | 1 | 2 | 3 | 4;

export const EQUIVALENCE_SCALE: readonly string[] = [
  'unclassified',
  'RESTREINT UE/EU RESTRICTED',
  'CONFIDENTIEL UE/EU CONFIDENTIAL',
  'SECRET UE/EU SECRET',
  'TRES SECRET UE/EU TOP SECRET',
];

export type ClassificationLevel = {
  /** The exact string a label's `Classification` carries. */
  readonly name: string;
  /** Rank on the common scale; every level of a policy has one, or none of them does (no equivalence). */
  readonly equivalent?: EquivalenceRank;
  /** False for unclassified levels: anyone to whom the data is releasable may read them without a clearance. */
  readonly clearanceRequired: boolean;
};

/**
 * How a subject satisfies a category: `nationality` compares the subject's nation with the values (and expands group
 * codes such as "NATO"); `subject-values` looks the values up in the subject's held category values; INFORMATIVE
 * categories use `none` and never decide.
 */
export type CategoryMatch = 'nationality' | 'subject-values' | 'none';

export type CategoryDefinition = {
  readonly tagName: string;
  readonly type: CategoryType;
  readonly match: CategoryMatch;
  /**
   * Allowed values: an enumerated list, `country-codes` (ISO 3166-1 alpha-3 or a registry group code), or `open` (any
   * non-empty string: communities of interest are created by the federation, not by the policy authority).
   */
  readonly values: readonly string[] | 'country-codes' | 'open';
};

export type PolicyDefinition = {
  /** The `PolicyIdentifier` value. */
  readonly id: string;
  readonly name: string;
  /** Authority that governs the policy. */
  readonly authority: string;
  /** Published source of the levels and of their equivalences. */
  readonly source: string;
  /** Levels, lowest first. */
  readonly levels: readonly ClassificationLevel[];
  readonly categories: readonly CategoryDefinition[];
};

/** A named set of nations used as one `Releasable To` value (e.g. "NATO", "EU"). */
export type CountryGroup = {
  readonly code: string;
  readonly members: readonly string[];
  readonly source: string;
};
