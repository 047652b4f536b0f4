/**
 * Label dominance over a subject, interpreted directly from the label and the registry. This is the reference
 * semantics; `compiled.ts` is the fast path the decision point uses, and a property test holds the two equal.
 *
 * A subject may access a label when (1) the level needs no clearance, or one of its clearances reaches the label's
 * level under the same policy or, through the common equivalence scale, under another; (2) it holds at least one
 * value of every PERMISSIVE category (its nationality, directly or through a group, for `Releasable To`); (3) it
 * holds every value of every RESTRICTIVE category. INFORMATIVE categories never decide. Checks run in that order
 * (PERMISSIVE nationality categories before other PERMISSIVE ones) and the first failure is the reason. Alternative labels are not consulted: the originator's label governs.
 */
import { err, ok, type Ok, type Result } from '../shared/result.ts';
import type { ConfidentialityLabel, LabelMeaningReason } from './label.ts';
import {
  clearanceTooLowDetail,
  missingPermissiveDetail,
  missingRestrictiveDetail,
  notReleasableDetail,
} from './_internal/messages.ts';
import { resolveLabel } from './_internal/meaning.ts';
import type { PolicyRegistry } from './policy-registry.ts';
import type { LabelSubject } from './subject.ts';

export type LabelAccessReason =
  LabelMeaningReason | 'clearance-too-low' | 'not-releasable' | 'missing-restrictive-value';

export const ACCESS_GRANTED: Ok<true> = Object.freeze(ok(true as const));

export function checkLabelAccess(
  subject: LabelSubject,
  label: ConfidentialityLabel,
  registry: PolicyRegistry,
): Result<true, LabelAccessReason> {
  const resolved = resolveLabel(label, registry);
  if (!resolved.ok) return resolved;
  const { policy, levelIndex, level } = resolved.value;

  if (level.clearanceRequired) {
    const cleared = subject.clearances.some((clearance) => {
      const held = registry.get(clearance.policy);
      const heldIndex = held?.levelIndex.get(clearance.classification);
      if (held === undefined || heldIndex === undefined) return false;
      if (held === policy) return heldIndex >= levelIndex;
      const heldRank = held.levels[heldIndex]?.equivalent;
      return heldRank !== undefined && level.equivalent !== undefined && heldRank >= level.equivalent;
    });
    if (!cleared) {
      return err(
        'clearance-too-low',
        clearanceTooLowDetail({
          clearances: subject.clearances,
          policy: policy.id,
          classification: level.name,
        }),
      );
    }
  }

  // Releasability first, then restrictive values: the same order as the compiled path, whatever the label's order.
  const held = subject.categoryValues;
  const holds = (value: string): boolean =>
    held instanceof Set ? held.has(value) : (held as readonly string[]).includes(value);
  const categories = resolved.value.categories;
  for (const { category, definition } of categories) {
    if (definition.match !== 'nationality') continue;
    const releasable = category.values.some(
      (value) =>
        value === subject.nationality || registry.groups.get(value)?.has(subject.nationality) === true,
    );
    if (!releasable) {
      return err(
        'not-releasable',
        notReleasableDetail({
          nationality: subject.nationality,
          tagName: category.tagName,
          values: category.values,
        }),
      );
    }
  }
  for (const { category, definition } of categories) {
    if (definition.match !== 'subject-values' || category.type !== 'PERMISSIVE') continue;
    if (!category.values.some(holds)) {
      return err(
        'not-releasable',
        missingPermissiveDetail({ tagName: category.tagName, values: category.values }),
      );
    }
  }
  for (const { category, definition } of categories) {
    if (definition.match !== 'subject-values' || category.type !== 'RESTRICTIVE') continue;
    const missing = category.values.find((value) => !holds(value));
    if (missing !== undefined) {
      return err(
        'missing-restrictive-value',
        missingRestrictiveDetail({ value: missing, tagName: category.tagName, values: category.values }),
      );
    }
  }
  return ACCESS_GRANTED;
}
