/** A rule's applicability: its own assignee and target (when it names them) and all its constraints. */
import type { Rule } from '../model.ts';
import { allOf } from './compile-logical.ts';
import { FALSE, TRUE, UNKNOWN } from './truth.ts';
import type { Check } from './truth.ts';

const always: Check = () => TRUE;

export function compileRuleCheck(options: { rule: Rule; constraints: readonly Check[] }): Check {
  const { rule } = options;
  const checks: Check[] = [];
  const { assignee, target } = rule;
  if (assignee !== undefined) {
    checks.push((input, sink) => {
      if (input.subject.participant.id === assignee) return TRUE;
      sink?.push({
        code: 'wrong-assignee',
        detail: `${rule.path}.assignee: the rule is for "${assignee}", not "${input.subject.participant.id}"`,
      });
      return FALSE;
    });
  }
  if (target !== undefined) {
    checks.push((input, sink) => {
      const id = input.resource?.id;
      if (id === target) return TRUE;
      sink?.push(
        id === undefined
          ? {
              code: 'missing-context',
              detail: `${rule.path}.target: the rule is about "${target}" and no resource was named`,
            }
          : {
              code: 'wrong-target',
              detail: `${rule.path}.target: the rule is about "${target}", not "${id}"`,
            },
      );
      return id === undefined ? UNKNOWN : FALSE;
    });
  }
  checks.push(...options.constraints);
  return checks.length === 0 ? always : allOf(checks);
}
