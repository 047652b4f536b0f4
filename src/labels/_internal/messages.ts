/** Deny details shared by the interpreted and the compiled access checks, so both explain a refusal the same way. */
import type { LabelClearance } from '../subject.ts';

const list = (values: readonly string[]): string => `[${values.join(', ')}]`;

export function clearanceTooLowDetail(options: {
  clearances: readonly LabelClearance[];
  policy: string;
  classification: string;
}): string {
  const held =
    options.clearances.length === 0
      ? 'no clearance'
      : `clearances ${list(options.clearances.map((c) => `${c.policy} "${c.classification}"`))}`;
  return (
    `Subject holds ${held}, which does not reach "${options.classification}" of policy "${options.policy}" ` +
    'directly or through an equivalence'
  );
}

export function notReleasableDetail(options: {
  nationality: string;
  tagName: string;
  values: readonly string[];
}): string {
  return `Subject nationality "${options.nationality}" is not in ${options.tagName} ${list(options.values)}`;
}

export function missingPermissiveDetail(options: { tagName: string; values: readonly string[] }): string {
  return `Subject holds none of ${options.tagName} ${list(options.values)}`;
}

export function missingRestrictiveDetail(options: {
  value: string;
  tagName: string;
  values: readonly string[];
}): string {
  return `Subject does not hold "${options.value}" of ${options.tagName} ${list(options.values)}`;
}
