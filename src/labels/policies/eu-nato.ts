import type { PolicyDefinition } from '../policy.ts';
import {
  ADMINISTRATIVE_CATEGORY,
  COMMUNITY_OF_INTEREST_CATEGORY,
  FOEDERA_CATEGORIES,
  RELEASABLE_TO_CATEGORY,
  SPECIAL_HANDLING_CATEGORY,
} from './foedera-categories.ts';

/**
 * "UNCLASSIFIED" is not an EU classification: Foedera uses it as the lowest mark so that unclassified data can still
 * carry a policy, releasability and handling categories.
 */
export const EU_POLICY: PolicyDefinition = {
  id: 'EU',
  name: 'Security rules for protecting EU classified information',
  authority: 'Council of the European Union',
  source:
    'Council Decision 2013/488/EU of 23 September 2013 on the security rules for protecting EU classified ' +
    'information (OJ L 274, 15.10.2013, p. 1), Art. 2(2) levels and Annex I equivalence table',
  levels: [
    { name: 'UNCLASSIFIED', equivalent: 0, clearanceRequired: false },
    { name: 'RESTREINT UE/EU RESTRICTED', equivalent: 1, clearanceRequired: true },
    { name: 'CONFIDENTIEL UE/EU CONFIDENTIAL', equivalent: 2, clearanceRequired: true },
    { name: 'SECRET UE/EU SECRET', equivalent: 3, clearanceRequired: true },
    { name: 'TRES SECRET UE/EU TOP SECRET', equivalent: 4, clearanceRequired: true },
  ],
  categories: FOEDERA_CATEGORIES,
};

/**
 * NATO levels from C-M(2002)49 "Security within the North Atlantic Treaty Organisation" (as revised); the EU-NATO
 * equivalence from the Agreement between the European Union and the North Atlantic Treaty Organisation on the
 * Security of Information (OJ L 80, 27.3.2003, p. 36): COSMIC TOP SECRET = TRES SECRET UE/EU TOP SECRET, NATO SECRET =
 * SECRET UE/EU SECRET, NATO CONFIDENTIAL = CONFIDENTIEL UE/EU CONFIDENTIAL, NATO RESTRICTED = RESTREINT UE/EU
 * RESTRICTED. ATOMAL, CRYPTO and BOHEMIA are NATO special category designators that require a specific briefing.
 */
export const NATO_POLICY: PolicyDefinition = {
  id: 'NATO',
  name: 'Security within the North Atlantic Treaty Organisation',
  authority: 'NATO Office of Security',
  source:
    'C-M(2002)49 (levels); EU-NATO Agreement on the Security of Information, OJ L 80, 27.3.2003, p. 36 (equivalence)',
  levels: [
    { name: 'NATO UNCLASSIFIED', equivalent: 0, clearanceRequired: false },
    { name: 'NATO RESTRICTED', equivalent: 1, clearanceRequired: true },
    { name: 'NATO CONFIDENTIAL', equivalent: 2, clearanceRequired: true },
    { name: 'NATO SECRET', equivalent: 3, clearanceRequired: true },
    { name: 'COSMIC TOP SECRET', equivalent: 4, clearanceRequired: true },
  ],
  categories: [
    RELEASABLE_TO_CATEGORY,
    COMMUNITY_OF_INTEREST_CATEGORY,
    SPECIAL_HANDLING_CATEGORY,
    {
      tagName: 'Special Category Designator',
      type: 'RESTRICTIVE',
      match: 'subject-values',
      values: ['ATOMAL', 'CRYPTO', 'BOHEMIA'],
    },
    ADMINISTRATIVE_CATEGORY,
  ],
};
