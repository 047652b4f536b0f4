/**
 * Equivalence between policies, usable both ways (national ⇄ EU ⇄ NATO ⇄ national): the level of another policy that
 * protects a given level at least as well, and an alternative label built from it. Where the target policy has no
 * level of exactly the same rank (France has no CONFIDENTIAL level since 2021), the next level up is taken, which is
 * how such information is protected in practice; there is never a rounding down.
 */
import { err, ok, type Result } from '../shared/result.ts';
import type { ConfidentialityLabel, LabelMeaningReason } from './label.ts';
import { resolveLabel } from './_internal/meaning.ts';
import type { PolicyRegistry, RegisteredPolicy } from './policy-registry.ts';

export type EquivalenceReason = LabelMeaningReason | 'no-equivalent-classification';

/** The lowest level of `target` that is at least `rank` on the common scale. */
export function lowestLevelAtLeast(target: RegisteredPolicy, rank: number): number | undefined {
  if (!target.hasEquivalence) return undefined;
  const index = target.levels.findIndex((level) => (level.equivalent ?? -1) >= rank);
  return index < 0 ? undefined : index;
}

export function equivalentClassification(
  source: { policy: string; classification: string },
  targetPolicy: string,
  registry: PolicyRegistry,
): Result<string, EquivalenceReason> {
  const from = registry.get(source.policy);
  if (from === undefined)
    return err('unknown-policy', `Cannot find an equivalent: policy "${source.policy}" is unknown`);
  const to = registry.get(targetPolicy);
  if (to === undefined)
    return err('unknown-policy', `Cannot find an equivalent: policy "${targetPolicy}" is unknown`);
  const index = from.levelIndex.get(source.classification);
  if (index === undefined) {
    return err(
      'unknown-classification',
      `Cannot find an equivalent: "${source.classification}" is not a level of policy "${from.id}"`,
    );
  }
  if (from === to) return ok(source.classification);
  const rank = from.levels[index]?.equivalent;
  const targetIndex = rank === undefined ? undefined : lowestLevelAtLeast(to, rank);
  const level = targetIndex === undefined ? undefined : to.levels[targetIndex];
  if (level === undefined) {
    return err(
      'no-equivalent-classification',
      `Cannot find an equivalent of ${from.id} "${source.classification}" under policy "${to.id}"`,
    );
  }
  return ok(level.name);
}

/**
 * The alternative label of `label` under `targetPolicy` (ADatP-4774 `alternativeConfidentialityLabel`): same
 * categories (the target must define each with the same type), equivalent classification, made by `originator`.
 */
export function alternativeLabel(
  label: ConfidentialityLabel,
  registry: PolicyRegistry,
  options: { policy: string; originator: string; now: Date },
): Result<ConfidentialityLabel, EquivalenceReason> {
  const classification = equivalentClassification(label, options.policy, registry);
  if (!classification.ok) return classification;
  const alternative: ConfidentialityLabel = {
    policy: options.policy,
    classification: classification.value,
    ...(label.privacyMark === undefined ? {} : { privacyMark: label.privacyMark }),
    categories: label.categories,
    originator: options.originator,
    creationTime: options.now.toISOString(),
  };
  const resolved = resolveLabel(alternative, registry);
  return resolved.ok ? ok(alternative) : resolved;
}

/** `label` with `alternative` added to its alternatives; the originator's own fields are left as they are. */
export function withAlternative(
  label: ConfidentialityLabel,
  alternative: ConfidentialityLabel,
): ConfidentialityLabel {
  const others = (label.alternatives ?? []).filter((existing) => existing.policy !== alternative.policy);
  return { ...label, alternatives: [...others, alternative] };
}
