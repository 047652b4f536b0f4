/**
 * The fast path of label dominance: labels and subjects are compiled once (ranks as numbers, values as Sets, groups
 * expanded) so that a check is a few integer comparisons and Set look-ups with no allocation when it grants.
 * `checkCompiledAccess` must always agree with `checkLabelAccess` (property-tested).
 */
import { FoederaError } from '../shared/errors.ts';
import { err, type Result } from '../shared/result.ts';
import { ACCESS_GRANTED, type LabelAccessReason } from './access.ts';
import type { ConfidentialityLabel, LabelMeaningReason } from './label.ts';
import {
  clearanceTooLowDetail,
  missingPermissiveDetail,
  missingRestrictiveDetail,
  notReleasableDetail,
} from './_internal/messages.ts';
import { resolveLabel } from './_internal/meaning.ts';
import type { PolicyRegistry } from './policy-registry.ts';
import type { LabelClearance, LabelSubject } from './subject.ts';

type CompiledCategory = {
  readonly tagName: string;
  readonly values: readonly string[];
  /** For `Releasable To`-like categories: every nationality that passes, groups expanded (and the group codes). */
  readonly accepted: ReadonlySet<string>;
};

export type CompiledLabel = {
  readonly registry: PolicyRegistry;
  readonly label: ConfidentialityLabel;
  readonly policyIndex: number;
  readonly levelIndex: number;
  /** Rank on the common scale, or -1 when the policy has no equivalence. */
  readonly equivalent: number;
  readonly clearanceRequired: boolean;
  readonly nationality: readonly CompiledCategory[];
  readonly permissive: readonly CompiledCategory[];
  readonly restrictive: readonly CompiledCategory[];
};

export type CompiledSubject = {
  readonly registry: PolicyRegistry;
  readonly nationality: string;
  /** Highest level index held directly under each policy (by registry index), -1 for none. */
  readonly direct: Int16Array;
  /** Highest common-scale rank held under any policy with equivalence, -1 for none. */
  readonly equivalent: number;
  readonly values: ReadonlySet<string>;
  readonly clearances: readonly LabelClearance[];
  /** Clearances under a policy or level the registry does not know: they grant nothing (kept for audit). */
  readonly ignoredClearances: readonly LabelClearance[];
};

export function compileLabel(
  label: ConfidentialityLabel,
  registry: PolicyRegistry,
): Result<CompiledLabel, LabelMeaningReason> {
  const resolved = resolveLabel(label, registry);
  if (!resolved.ok) return resolved;
  const { policy, levelIndex, level, categories } = resolved.value;
  const nationality: CompiledCategory[] = [];
  const permissive: CompiledCategory[] = [];
  const restrictive: CompiledCategory[] = [];
  for (const { category, definition } of categories) {
    const values = Object.freeze([...category.values]);
    const accepted = new Set(values);
    const compiled = { tagName: category.tagName, values, accepted };
    switch (definition.match) {
      case 'nationality':
        for (const value of values)
          for (const member of registry.groups.get(value) ?? []) accepted.add(member);
        nationality.push(Object.freeze(compiled));
        break;
      case 'subject-values':
        (category.type === 'PERMISSIVE' ? permissive : restrictive).push(Object.freeze(compiled));
        break;
      case 'none':
        break;
    }
  }
  return {
    ok: true,
    value: Object.freeze({
      registry,
      label,
      policyIndex: policy.index,
      levelIndex,
      equivalent: level.equivalent ?? -1,
      clearanceRequired: level.clearanceRequired,
      nationality: Object.freeze(nationality),
      permissive: Object.freeze(permissive),
      restrictive: Object.freeze(restrictive),
    }),
  };
}

export function compileSubject(subject: LabelSubject, registry: PolicyRegistry): CompiledSubject {
  const direct = new Int16Array(registry.policies.length).fill(-1);
  let equivalent = -1;
  const ignored: LabelClearance[] = [];
  for (const clearance of subject.clearances) {
    const policy = registry.get(clearance.policy);
    const index = policy?.levelIndex.get(clearance.classification);
    if (policy === undefined || index === undefined) {
      ignored.push(clearance);
      continue;
    }
    direct[policy.index] = Math.max(direct[policy.index] ?? -1, index);
    equivalent = Math.max(equivalent, policy.levels[index]?.equivalent ?? -1);
  }
  return Object.freeze({
    registry,
    nationality: subject.nationality,
    direct,
    equivalent,
    values: new Set(subject.categoryValues),
    clearances: Object.freeze([...subject.clearances]),
    ignoredClearances: Object.freeze(ignored),
  });
}

export function checkCompiledAccess(
  subject: CompiledSubject,
  label: CompiledLabel,
): Result<true, Exclude<LabelAccessReason, LabelMeaningReason>> {
  if (subject.registry !== label.registry) {
    throw new FoederaError(
      'registry-mismatch',
      'Cannot check compiled access: subject and label were compiled against different registries',
    );
  }
  if (
    label.clearanceRequired &&
    (subject.direct[label.policyIndex] ?? -1) < label.levelIndex &&
    (label.equivalent < 0 || subject.equivalent < label.equivalent)
  ) {
    return err(
      'clearance-too-low',
      clearanceTooLowDetail({
        clearances: subject.clearances,
        policy: label.label.policy,
        classification: label.label.classification,
      }),
    );
  }
  for (const category of label.nationality) {
    if (!category.accepted.has(subject.nationality)) {
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
  for (const category of label.permissive) {
    if (!category.values.some((value) => subject.values.has(value))) {
      return err(
        'not-releasable',
        missingPermissiveDetail({ tagName: category.tagName, values: category.values }),
      );
    }
  }
  for (const category of label.restrictive) {
    for (const value of category.values) {
      if (!subject.values.has(value)) {
        return err(
          'missing-restrictive-value',
          missingRestrictiveDetail({ value, tagName: category.tagName, values: category.values }),
        );
      }
    }
  }
  return ACCESS_GRANTED;
}
