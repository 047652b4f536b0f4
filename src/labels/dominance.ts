/**
 * Label-versus-label dominance, for derived data: `a` dominates `b` when every subject that may access `a` may also
 * access `b`. Classification: `a` is at least `b`'s level, under the same policy or through the common scale.
 * RESTRICTIVE: `a` carries every value `b` carries. PERMISSIVE: `a` carries each of `b`'s categories, and each of
 * `a`'s values is covered by `b`'s (a nation is covered by a group that holds it). INFORMATIVE never counts.
 * A category is matched by tag name, type and matching rule; any mismatch means "does not dominate".
 */
import { ok, type Result } from '../shared/result.ts';
import type { ConfidentialityLabel, LabelMeaningReason } from './label.ts';
import { covered } from './_internal/coverage.ts';
import { resolveLabel, type ResolvedLabel } from './_internal/meaning.ts';
import type { PolicyRegistry } from './policy-registry.ts';

export function dominates(
  a: ConfidentialityLabel,
  b: ConfidentialityLabel,
  registry: PolicyRegistry,
): Result<boolean, LabelMeaningReason> {
  const ra = resolveLabel(a, registry);
  if (!ra.ok) return ra;
  const rb = resolveLabel(b, registry);
  if (!rb.ok) return rb;
  return ok(classificationDominates(ra.value, rb.value) && categoriesDominate(ra.value, rb.value, registry));
}

/** Whether level `a` is at least level `b`, directly under one policy or through the common scale. */
export function classificationDominates(a: ResolvedLabel, b: ResolvedLabel): boolean {
  if (a.policy === b.policy) return a.levelIndex >= b.levelIndex;
  return (
    a.level.equivalent !== undefined &&
    b.level.equivalent !== undefined &&
    a.level.equivalent >= b.level.equivalent
  );
}

function categoriesDominate(a: ResolvedLabel, b: ResolvedLabel, registry: PolicyRegistry): boolean {
  const byTag = new Map(a.categories.map((resolved) => [resolved.category.tagName, resolved]));
  for (const { category, definition } of b.categories) {
    if (category.type === 'INFORMATIVE') continue;
    const mine = byTag.get(category.tagName);
    if (mine === undefined) {
      // A RESTRICTIVE category with no values restricts nothing; any other missing category is a wider audience.
      if (category.type === 'RESTRICTIVE' && category.values.length === 0) continue;
      return false;
    }
    if (mine.category.type !== category.type || mine.definition.match !== definition.match) return false;
    if (category.type === 'RESTRICTIVE') {
      const values = new Set(mine.category.values);
      if (!category.values.every((value) => values.has(value))) return false;
    } else {
      const theirs = new Set(category.values);
      const nationality = definition.match === 'nationality';
      if (!mine.category.values.every((value) => covered({ value, by: theirs, nationality, registry })))
        return false;
    }
  }
  return true;
}
