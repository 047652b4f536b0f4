/**
 * The high-water mark of several labels, for data derived from all of them (a model trained on several datasets, a
 * merged report): the lowest level of the target policy at or above every input's level, PERMISSIVE categories
 * intersected (a category only some inputs carry is kept as those inputs restrict it), RESTRICTIVE and INFORMATIVE
 * categories united. Privacy marks that differ are all kept, joined with "; ".
 *
 * The result dominates every input, and any label under the target policy that dominates every input dominates it.
 * (Under another policy that holds only if the target has a level of exactly the highest input rank: FRA has no
 * CONFIDENTIAL level, so the mark of a CONFIDENTIEL UE input under FRA is SECRET.)
 */
import { err, ok, type Result } from '../shared/result.ts';
import type { CategoryType, ConfidentialityLabel, LabelCategory } from './label.ts';
import { intersectPermissive } from './_internal/coverage.ts';
import { resolveLabel, type ResolvedLabel } from './_internal/meaning.ts';
import type { EquivalenceReason } from './equivalence.ts';
import type { PolicyRegistry } from './policy-registry.ts';

export type HighWaterMarkReason = EquivalenceReason | 'no-labels';

export function highWaterMark(
  labels: readonly ConfidentialityLabel[],
  registry: PolicyRegistry,
  options: { policy: string; originator: string; now: Date },
): Result<ConfidentialityLabel, HighWaterMarkReason> {
  if (labels.length === 0) return err('no-labels', 'Cannot compute a high-water mark of no labels');
  const target = registry.get(options.policy);
  if (target === undefined) {
    return err('unknown-policy', `Cannot compute a high-water mark: policy "${options.policy}" is unknown`);
  }
  const inputs: ResolvedLabel[] = [];
  for (const label of labels) {
    const resolved = resolveLabel(label, registry);
    if (!resolved.ok) return resolved;
    inputs.push(resolved.value);
  }

  const levelIndex = target.levels.findIndex((level, index) =>
    inputs.every((input) =>
      input.policy === target
        ? index >= input.levelIndex
        : level.equivalent !== undefined &&
          input.level.equivalent !== undefined &&
          level.equivalent >= input.level.equivalent,
    ),
  );
  const level = target.levels[levelIndex];
  if (level === undefined) {
    return err(
      'no-equivalent-classification',
      `Cannot compute a high-water mark under policy "${target.id}": no level is at least every input's level`,
    );
  }

  const merged = new Map<string, { type: CategoryType; values: string[] }>();
  for (const input of inputs) {
    for (const { category, definition } of input.categories) {
      const own = target.categories.get(category.tagName);
      if (own === undefined || own.type !== category.type || own.match !== definition.match) {
        return err(
          'unknown-category',
          `Cannot compute a high-water mark under policy "${target.id}": it does not define category ` +
            `"${category.tagName}" as ${category.type}`,
        );
      }
      const previous = merged.get(category.tagName);
      if (previous === undefined)
        merged.set(category.tagName, { type: category.type, values: [...category.values] });
      else if (category.type === 'PERMISSIVE') {
        previous.values = intersectPermissive({
          a: previous.values,
          b: category.values,
          nationality: definition.match === 'nationality',
          registry,
        });
      } else previous.values = [...new Set([...previous.values, ...category.values])];
    }
  }
  const categories: LabelCategory[] = [];
  for (const tagName of target.categories.keys()) {
    const entry = merged.get(tagName);
    if (entry !== undefined)
      categories.push({ tagName, type: entry.type, values: [...new Set(entry.values)].sort() });
  }

  const marks = [
    ...new Set(labels.flatMap((label) => (label.privacyMark === undefined ? [] : [label.privacyMark]))),
  ];
  const result: ConfidentialityLabel = {
    policy: target.id,
    classification: level.name,
    ...(marks.length === 0 ? {} : { privacyMark: marks.sort().join('; ') }),
    categories,
    originator: options.originator,
    creationTime: options.now.toISOString(),
  };
  const check = resolveLabel(result, registry);
  return check.ok ? ok(result) : check;
}
