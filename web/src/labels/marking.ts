/**
 * How a label reads on screen: the one-line marking a cleared user expects on the top and bottom bands
 * ("NATO SECRET — REL TO FRA, DEU"), the band colour of its classification, and the categories it spells out.
 * Pure, so the browser tests and the unit tests see the same text the analyst sees.
 */
import type { ConfidentialityLabel, LabelCategory } from '../../../src/labels/label.ts';
import { RELEASABLE_TO } from '../../../src/labels/label.ts';
import type { PolicyRegistry } from '../../../src/labels/policy-registry.ts';

/** Band colours by rank on the common EU/NATO equivalence scale; `unranked` for a policy with no equivalence. */
export type BandTone = 'unclassified' | 'restricted' | 'confidential' | 'secret' | 'top-secret' | 'unranked';

const TONES: readonly BandTone[] = ['unclassified', 'restricted', 'confidential', 'secret', 'top-secret'];

export function bandTone(
  label: Pick<ConfidentialityLabel, 'policy' | 'classification'>,
  registry: PolicyRegistry,
): BandTone {
  const policy = registry.get(label.policy);
  const level = policy?.levels.find((l) => l.name === label.classification);
  return level?.equivalent === undefined ? 'unranked' : (TONES[level.equivalent] ?? 'unranked');
}

/** The classification as marked: a national level carries its policy ("FRA SECRET"); EU and NATO names say it already. */
export function classificationMark(label: Pick<ConfidentialityLabel, 'policy' | 'classification'>): string {
  const named = label.classification.toUpperCase();
  const policy = label.policy.toUpperCase();
  return named.includes(policy) || (policy === 'EU' && named.includes('UE')) ? named : `${policy} ${named}`;
}

function categoryMark(category: LabelCategory): string | undefined {
  if (category.values.length === 0) return undefined;
  if (category.tagName === RELEASABLE_TO) return `REL TO ${category.values.join(', ')}`;
  if (category.type === 'RESTRICTIVE') return category.values.join(' / ').toUpperCase();
  return undefined;
}

/** The band text: classification, then releasability and the restrictive markings; informative ones stay off the band. */
export function bannerText(label: ConfidentialityLabel): string {
  const parts = label.categories.flatMap((c) => categoryMark(c) ?? []);
  const head =
    label.privacyMark === undefined
      ? classificationMark(label)
      : `${classificationMark(label)} ${label.privacyMark}`;
  return parts.length === 0 ? head : `${head} — ${parts.join(' — ')}`;
}

/** A participant identifier as people say it: `urn:foedera:participant:FRA` reads `FRA`. */
export function participantName(id: string): string {
  const match = /^urn:foedera:participant:(.+)$/.exec(id);
  return match?.[1] ?? id;
}
