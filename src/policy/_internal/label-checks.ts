/**
 * Label dominance as the decision point applies it, on top of the labels module's own compiled check. The labels
 * module answers with the first failure; to report every one, a denial re-asks it about each aspect of the label
 * alone (the clearance, then each category), so the semantics stay in one place.
 */
import { checkCompiledAccess } from '../../labels/index.ts';
import type { CompiledLabel, CompiledSubject } from '../../labels/index.ts';
import type { DenyReason } from '../reasons.ts';

/**
 * What a subject is checked for. `full`: clearance, releasability and every category. `release`: only the
 * nationality categories (`Releasable To`). `release-and-clearance`: those and the clearance.
 */
export type LabelScope = 'full' | 'release' | 'release-and-clearance';

type Views = { release: CompiledLabel; 'release-and-clearance': CompiledLabel };
const views = new WeakMap<CompiledLabel, Views>();

function viewOf(label: CompiledLabel, scope: LabelScope): CompiledLabel {
  if (scope === 'full') return label;
  let cached = views.get(label);
  if (cached === undefined) {
    const releaseAndClearance = Object.freeze({ ...label, permissive: [], restrictive: [] });
    cached = {
      release: Object.freeze({ ...releaseAndClearance, clearanceRequired: false }),
      'release-and-clearance': releaseAndClearance,
    };
    views.set(label, cached);
  }
  return cached[scope];
}

export function labelAllows(options: {
  subject: CompiledSubject;
  label: CompiledLabel;
  scope: LabelScope;
}): boolean {
  return checkCompiledAccess(options.subject, viewOf(options.label, options.scope)).ok;
}

/** Every reason `subject` fails `label` within `scope`, each detail prefixed with who failed. */
export function explainLabel(options: {
  subject: CompiledSubject;
  label: CompiledLabel;
  scope: LabelScope;
  who: string;
}): DenyReason[] {
  const { subject, scope, who } = options;
  const label = viewOf(options.label, scope);
  const none: CompiledLabel['nationality'] = [];
  const only = { ...label, clearanceRequired: false, nationality: none, permissive: none, restrictive: none };
  const aspects: CompiledLabel[] = [
    ...(label.clearanceRequired ? [{ ...only, clearanceRequired: true }] : []),
    ...label.nationality.map((c) => ({ ...only, nationality: [c] })),
    ...label.permissive.map((c) => ({ ...only, permissive: [c] })),
    ...label.restrictive.map((c) => ({ ...only, restrictive: [c] })),
  ];
  const reasons: DenyReason[] = [];
  for (const aspect of aspects) {
    const result = checkCompiledAccess(subject, aspect);
    if (!result.ok) reasons.push({ code: result.reason, detail: `${who}: ${result.detail}` });
  }
  return reasons;
}
