/**
 * Evaluation of a compiled policy for one request. Prohibitions override permissions; a prohibition whose constraints
 * cannot be ruled out (missing context) stays in force. The permit path returns a shared frozen outcome; only a denial
 * allocates, re-running the rules with a sink so that it can name every reason.
 */
import { compactIri } from '../namespaces.ts';
import type { PolicyOutcome } from '../compile-policy.ts';
import type { DenyReason } from '../reasons.ts';
import type { PolicyInput } from '../request.ts';
import type { ActionIndex } from './action-index.ts';
import { FALSE, TRUE, UNKNOWN } from './truth.ts';

export function evaluatePolicy(options: { index: ActionIndex; input: PolicyInput }): PolicyOutcome {
  const { index, input } = options;
  const entry = index.get(input.action);
  if (entry === undefined) {
    return {
      permitted: false,
      reasons: [{ code: 'unknown-action', detail: `unknown action "${input.action}"` }],
    };
  }
  const { permissions, prohibitions } = entry;
  let prohibited = false;
  for (let i = 0; i < prohibitions.length && !prohibited; i++)
    prohibited = prohibitions[i]!.check(input, null) !== FALSE;
  if (!prohibited) {
    for (let i = 0; i < permissions.length; i++) {
      const rule = permissions[i]!;
      if (rule.check(input, null) === TRUE) return rule.granted;
    }
  }

  const reasons: DenyReason[] = [];
  for (const rule of prohibitions) {
    const t = rule.check(input, null);
    if (t === FALSE) continue;
    const action = compactIri(rule.action);
    reasons.push({
      code: 'prohibited-action',
      detail:
        t === UNKNOWN
          ? `${rule.path}: "${action}" is prohibited unless its constraints are shown not to apply`
          : `${rule.path}: "${action}" is prohibited`,
    });
  }
  if (permissions.length === 0) {
    reasons.push({
      code: 'action-not-permitted',
      detail: `no permission covers action "${compactIri(entry.action)}"`,
    });
  } else if (!permissions.some((rule) => rule.check(input, null) === TRUE)) {
    for (const rule of permissions) rule.check(input, reasons);
  }
  // Every failing check names itself; this only guards the invariant that a denial never comes without a reason.
  if (reasons.length === 0) reasons.push({ code: 'constraint-not-satisfied', detail: 'no permission holds' });
  return { permitted: false, reasons: dedupe(reasons) };
}

function dedupe(reasons: DenyReason[]): DenyReason[] {
  const seen = new Set<string>();
  return reasons.filter((r) => {
    const key = `${r.code}\u0000${r.detail}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
