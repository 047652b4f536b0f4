/**
 * What a derived artefact must carry, computed from its inputs (pure): the high-water mark of their labels and the
 * intersection of their usage constraints. A label or policy the publisher declares is accepted only when it is at
 * least as strong: the label must dominate every input's label, the policy must permit nothing an input forbids.
 * Each refusal names the input or the constraint that makes it.
 */
import { dominates, highWaterMark, type ConfidentialityLabel, type PolicyRegistry } from '../labels/index.ts';
import type { CatalogOffer } from '../protocol/messages/odrl.ts';
import { err, ok, type Result } from '../shared/result.ts';
import {
  intersectUsage,
  summariseOffers,
  unusable,
  usageOffer,
  weakerThan,
  type UsageConstraints,
} from './usage.ts';

/** One input as the derivation sees it: its version id, label and the policies it was obtained under. */
export type DerivationInput = {
  readonly version: string;
  readonly label: ConfidentialityLabel;
  readonly policies: readonly CatalogOffer[];
};

export type DerivationPlan = {
  /** The label the artefact carries: the declared one when strong enough, else the high-water mark. */
  readonly label: ConfidentialityLabel;
  /** The high-water mark of the inputs' labels under the label's policy. */
  readonly highWaterMark: ConfidentialityLabel;
  /** The constraints every use of the artefact must satisfy (the inputs' intersection). */
  readonly usage: UsageConstraints;
  /** The policies the artefact is offered under: the declared ones, else one offer stating `usage`. */
  readonly policies: readonly CatalogOffer[];
};

export type DerivationReason =
  'no-inputs' | 'label-too-weak' | 'usage-too-weak' | 'inputs-incompatible' | 'invalid-input-label';

function markUnder(
  inputs: readonly DerivationInput[],
  options: { registry: PolicyRegistry; policies: readonly string[]; originator: string; at: Date },
): Result<ConfidentialityLabel, 'inputs-incompatible' | 'invalid-input-label'> {
  const labels = inputs.map((i) => i.label);
  let last = '';
  for (const policy of options.policies) {
    const mark = highWaterMark(labels, options.registry, {
      policy,
      originator: options.originator,
      now: options.at,
    });
    if (mark.ok) return mark;
    if (mark.reason === 'unknown-classification' || mark.reason === 'unknown-policy')
      return err('invalid-input-label', `Cannot derive from these inputs: ${mark.detail}`);
    last = mark.detail;
  }
  return err('inputs-incompatible', `Cannot derive from these inputs: ${last}`);
}

export function planDerivation(options: {
  inputs: readonly DerivationInput[];
  declared?: { label?: ConfidentialityLabel; policies?: readonly CatalogOffer[] };
  registry: PolicyRegistry;
  /** Participant URI written as the originator of a computed label. */
  originator: string;
  /** When the artefact was made (the activity's end): the computed label's creation time. */
  at: Date;
  /** Id of the offer written when no policy is declared. */
  offerId: string;
}): Result<DerivationPlan, DerivationReason> {
  const { inputs, declared, registry } = options;
  if (inputs.length === 0) return err('no-inputs', 'Cannot record a derived artefact without inputs');
  const policies = [
    ...new Set([
      ...(declared?.label === undefined ? [] : [declared.label.policy]),
      ...inputs.map((i) => i.label.policy),
    ]),
  ];
  const mark = markUnder(inputs, { registry, policies, originator: options.originator, at: options.at });
  if (!mark.ok) return mark;

  // Data that no nation may receive could be made, but never published or used: say why instead.
  const empty = mark.value.categories.find((c) => c.type === 'PERMISSIVE' && c.values.length === 0);
  if (empty !== undefined) {
    const each = inputs
      .map((i) => i.label.categories.find((c) => c.tagName === empty.tagName)?.values.join(', ') ?? 'any')
      .join('; ');
    return err(
      'inputs-incompatible',
      `Cannot derive from these inputs: no value of "${empty.tagName}" is common to all of them (${each})`,
    );
  }
  let label = mark.value;
  if (declared?.label !== undefined) {
    for (const input of inputs) {
      const holds = dominates(declared.label, input.label, registry);
      if (!holds.ok) return err('label-too-weak', `Cannot accept the declared label: ${holds.detail}`);
      if (!holds.value) {
        return err(
          'label-too-weak',
          `Cannot publish the derived artefact with label ${labelText(declared.label)}: ` +
            `it does not dominate the label of input "${input.version}" (${labelText(input.label)}); ` +
            `the inputs require at least ${labelText(mark.value)}` +
            releasableText(mark.value),
        );
      }
    }
    label = declared.label;
  }

  const usage = intersectUsage(inputs.map((i) => summariseOffers(i.policies)));
  const why = unusable(usage);
  if (why !== undefined) return err('inputs-incompatible', `Cannot derive from these inputs: ${why}`);
  if (declared?.policies !== undefined && declared.policies.length > 0) {
    const weaker = weakerThan(summariseOffers(declared.policies), usage);
    if (weaker.length > 0) {
      return err(
        'usage-too-weak',
        `Cannot publish the derived artefact with the declared policy: ${weaker.join('; ')}`,
      );
    }
  }
  return ok({
    label,
    highWaterMark: mark.value,
    usage,
    policies:
      declared?.policies !== undefined && declared.policies.length > 0
        ? declared.policies
        : [usageOffer(usage, options.offerId)],
  });
}

/** "NATO SECRET", "EU CONFIDENTIEL UE/EU CONFIDENTIAL": the policy is named unless the level already says it. */
export function labelText(label: ConfidentialityLabel): string {
  return label.classification.startsWith(label.policy)
    ? label.classification
    : `${label.policy} ${label.classification}`;
}

function releasableText(label: ConfidentialityLabel): string {
  const releasable = label.categories.find((c) => c.type === 'PERMISSIVE');
  return releasable === undefined ? '' : `, ${releasable.tagName} ${releasable.values.join(', ')}`;
}
