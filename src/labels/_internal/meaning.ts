/**
 * Resolves what a label means under the registry, refusing what the registry does not define: an unknown policy,
 * level, category tag, a category declared with another type than the policy's, or a value outside its domain.
 */
import { err, ok, type Result } from '../../shared/result.ts';
import type { ConfidentialityLabel, LabelCategory, LabelMeaningReason } from '../label.ts';
import type { CategoryDefinition, ClassificationLevel } from '../policy.ts';
import { isCountryValue, type PolicyRegistry, type RegisteredPolicy } from '../policy-registry.ts';

export type ResolvedCategory = { readonly category: LabelCategory; readonly definition: CategoryDefinition };

export type ResolvedLabel = {
  readonly policy: RegisteredPolicy;
  readonly levelIndex: number;
  readonly level: ClassificationLevel;
  readonly categories: readonly ResolvedCategory[];
};

export function resolveLabel(
  label: ConfidentialityLabel,
  registry: PolicyRegistry,
): Result<ResolvedLabel, LabelMeaningReason> {
  const policy = registry.get(label.policy);
  if (policy === undefined) {
    return err('unknown-policy', `Cannot interpret label: policy "${label.policy}" is unknown`);
  }
  const levelIndex = policy.levelIndex.get(label.classification);
  const level = levelIndex === undefined ? undefined : policy.levels[levelIndex];
  if (levelIndex === undefined || level === undefined) {
    return err(
      'unknown-classification',
      `Cannot interpret label: classification "${label.classification}" is not a level of policy "${policy.id}"`,
    );
  }
  const categories: ResolvedCategory[] = [];
  const seen = new Set<string>();
  for (const category of label.categories) {
    const problem = categoryProblem({ category, policy, registry });
    if (problem !== undefined) return err('unknown-category', `Cannot interpret label: ${problem}`);
    if (seen.has(category.tagName)) {
      return err('unknown-category', `Cannot interpret label: category "${category.tagName}" appears twice`);
    }
    seen.add(category.tagName);
    categories.push({ category, definition: policy.categories.get(category.tagName) as CategoryDefinition });
  }
  return ok({ policy, levelIndex, level, categories });
}

function categoryProblem(options: {
  category: LabelCategory;
  policy: RegisteredPolicy;
  registry: PolicyRegistry;
}): string | undefined {
  const { category, policy, registry } = options;
  const definition = policy.categories.get(category.tagName);
  if (definition === undefined)
    return `category "${category.tagName}" is not defined by policy "${policy.id}"`;
  if (definition.type !== category.type) {
    return `category "${category.tagName}" is ${definition.type} under policy "${policy.id}", not ${category.type}`;
  }
  const allowed = policy.enumerated.get(category.tagName);
  for (const value of category.values) {
    const valid =
      definition.values === 'country-codes'
        ? isCountryValue(value, registry)
        : allowed !== undefined
          ? allowed.has(value)
          : value.trim() !== '';
    if (!valid)
      return `value "${value}" is not allowed in category "${category.tagName}" of policy "${policy.id}"`;
  }
  return undefined;
}
