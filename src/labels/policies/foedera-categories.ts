import { RELEASABLE_TO } from '../label.ts';
import type { CategoryDefinition } from '../policy.ts';

/**
 * Categories Foedera gives every policy it ships. `Releasable To` is the PERMISSIVE releasability category of
 * ADatP-4774 and of national practice ("releasable to", "REL TO"); the others are the federation's own profile:
 * communities of interest and special handling are RESTRICTIVE (the subject must hold every value), administrative
 * notes are INFORMATIVE (shown, never decisive). A policy may add enumerated categories of its own.
 */
export const RELEASABLE_TO_CATEGORY: CategoryDefinition = {
  tagName: RELEASABLE_TO,
  type: 'PERMISSIVE',
  match: 'nationality',
  values: 'country-codes',
};

export const COMMUNITY_OF_INTEREST_CATEGORY: CategoryDefinition = {
  tagName: 'Community of Interest',
  type: 'RESTRICTIVE',
  match: 'subject-values',
  values: 'open',
};

export const SPECIAL_HANDLING_CATEGORY: CategoryDefinition = {
  tagName: 'Special Handling',
  type: 'RESTRICTIVE',
  match: 'subject-values',
  values: 'open',
};

export const ADMINISTRATIVE_CATEGORY: CategoryDefinition = {
  tagName: 'Administrative',
  type: 'INFORMATIVE',
  match: 'none',
  values: 'open',
};

export const FOEDERA_CATEGORIES: readonly CategoryDefinition[] = [
  RELEASABLE_TO_CATEGORY,
  COMMUNITY_OF_INTEREST_CATEGORY,
  SPECIAL_HANDLING_CATEGORY,
  ADMINISTRATIVE_CATEGORY,
];
