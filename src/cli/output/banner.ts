/**
 * A confidentiality label as the banner line a cleared reader expects on a marked document: classification, then
 * releasability and restrictive categories, separated by `//` ("NATO SECRET // REL TO FRA, DEU"). A national level
 * carries its policy ("FRA SECRET"); EU and NATO level names already say theirs. Informative categories stay off.
 */
import { RELEASABLE_TO, type ConfidentialityLabel, type LabelCategory } from '../../labels/label.ts';

export function classificationMark(label: Pick<ConfidentialityLabel, 'policy' | 'classification'>): string {
  const named = label.classification.toUpperCase();
  const policy = label.policy.toUpperCase();
  return named.includes(policy) || (policy === 'EU' && named.includes('UE')) ? named : `${policy} ${named}`;
}

function categoryMark(category: LabelCategory): string | undefined {
  if (category.values.length === 0) return undefined;
  if (category.tagName === RELEASABLE_TO) return `REL TO ${category.values.join(', ')}`;
  if (category.type === 'RESTRICTIVE') return category.values.join('/').toUpperCase();
  return undefined;
}

export function labelBanner(label: ConfidentialityLabel): string {
  const head =
    label.privacyMark === undefined
      ? classificationMark(label)
      : `${classificationMark(label)} ${label.privacyMark.toUpperCase()}`;
  return [head, ...label.categories.flatMap((c) => categoryMark(c) ?? [])].join(' // ');
}
