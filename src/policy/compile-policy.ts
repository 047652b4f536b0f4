/**
 * Compiles a usage policy once into closures (see docs/decisions/0003-decision-point.md). The compiled form answers
 * "may this subject perform this action now?" with no parsing, no IRI expansion and, when it permits, no allocation.
 */
import { err, ok } from '../shared/result.ts';
import type { Result } from '../shared/result.ts';
import { compileConstraint } from './_internal/compile-constraint.ts';
import { compileDuty } from './_internal/compile-duty.ts';
import type { CompileEnv } from './_internal/compile-env.ts';
import { actionIndex } from './_internal/action-index.ts';
import type { CompiledRule } from './_internal/action-index.ts';
import { compileRuleCheck } from './_internal/compile-rule.ts';
import { evaluatePolicy } from './_internal/evaluate-policy.ts';
import type { OdrlPolicy, PolicyType } from './model.ts';
import { DSP_PROFILE, FOEDERA_PROFILE, compactIri } from './namespaces.ts';
import { parsePolicy } from './parse-policy.ts';
import type { PolicyIssue, PolicyParseError } from './parse-policy.ts';
import type { DenyReason, Obligation } from './reasons.ts';
import { DEFAULT_HIERARCHY } from './regions.ts';
import type { Hierarchy } from './regions.ts';
import type { PolicyInput } from './request.ts';
import { ACTIONS, CONFLICT } from './vocabulary.ts';

export type PolicyOutcome =
  | { readonly permitted: true; readonly obligations: readonly Obligation[]; readonly rule: string }
  | { readonly permitted: false; readonly reasons: readonly DenyReason[] };

export type CompiledPolicy = {
  readonly id: string;
  readonly type: PolicyType;
  readonly target?: string;
  readonly assigner?: string;
  readonly assignee?: string;
  readonly timestamp?: number;
  /** The policy as read, for display and for re-sending. */
  readonly source: OdrlPolicy;
  /** Terms the evaluator does not understand; when not empty every evaluation denies with these reasons. */
  readonly unsupported: readonly DenyReason[];
  evaluate(input: PolicyInput): PolicyOutcome;
};

export type CompileOptions = {
  /** Broader-term relation for isA / isPartOf / hasPart; defaults to EU and NATO membership. */
  readonly hierarchy?: Hierarchy;
  /**
   * Refuse (rather than compile to deny-everything) a policy with terms Foedera does not understand. For offers a
   * node makes or accepts: it must not agree to what it cannot enforce.
   */
  readonly strict?: boolean;
};

/** Reads and compiles a policy in DSP JSON-LD. */
export function compilePolicy(
  json: unknown,
  options: CompileOptions = {},
): Result<CompiledPolicy, 'invalid-policy'> {
  const parsed = parsePolicy(json);
  return parsed.ok ? compileParsedPolicy(parsed.value, options) : parsed;
}

export function compileParsedPolicy(
  policy: OdrlPolicy,
  options: CompileOptions = {},
): Result<CompiledPolicy, 'invalid-policy'> {
  const issues: PolicyIssue[] = [];
  const unsupported: DenyReason[] = [];
  const env: CompileEnv = {
    hierarchy: options.hierarchy ?? DEFAULT_HIERARCHY,
    timestamp: policy.timestamp,
    invalid: (field, message) => issues.push({ field, message }),
    unsupported: (code, detail) => unsupported.push({ code, detail }),
  };
  checkPolicyLevel(policy, env);

  const obligations = policy.obligations.flatMap((d) => compileDuty(d, env) ?? []);
  const compileRules = (
    rules: OdrlPolicy['permissions'],
    kind: 'permission' | 'prohibition',
  ): CompiledRule[] =>
    rules.map((rule) => {
      if (!ACTIONS.has(rule.action)) {
        env.unsupported('unknown-action', `${rule.path}.action: unknown action "${compactIri(rule.action)}"`);
      }
      const check = compileRuleCheck({
        rule,
        constraints: rule.constraints.map((c) => compileConstraint(c, env)),
      });
      const duties = rule.duties.flatMap((d) => compileDuty(d, env) ?? []);
      const granted: CompiledRule['granted'] = Object.freeze({
        permitted: true,
        obligations: Object.freeze([...duties, ...obligations]),
        rule: rule.path,
      });
      return { kind, path: rule.path, action: rule.action, check, granted };
    });
  const permissions = compileRules(policy.permissions, 'permission');
  const prohibitions = compileRules(policy.prohibitions, 'prohibition');

  if (issues.length > 0 || (options.strict === true && unsupported.length > 0)) {
    const all = [...issues, ...unsupported.map((u) => splitDetail(u.detail))];
    const detail = all.map((i) => `${i.field}: ${i.message}`).join('; ');
    const error: PolicyParseError = {
      ...err('invalid-policy', `Cannot compile ODRL policy "${policy.id}": ${detail}`),
      issues: all,
    };
    return error;
  }
  const index = actionIndex({ permissions, prohibitions });
  const refused = Object.freeze({
    permitted: false,
    reasons: Object.freeze(unsupported),
  }) satisfies PolicyOutcome;
  return ok({
    id: policy.id,
    type: policy.type,
    ...(policy.target === undefined ? {} : { target: policy.target }),
    ...(policy.assigner === undefined ? {} : { assigner: policy.assigner }),
    ...(policy.assignee === undefined ? {} : { assignee: policy.assignee }),
    ...(policy.timestamp === undefined ? {} : { timestamp: policy.timestamp }),
    source: policy,
    unsupported: refused.reasons,
    evaluate:
      unsupported.length > 0 ? () => refused : (input: PolicyInput) => evaluatePolicy({ index, input }),
  });
}

function checkPolicyLevel(policy: OdrlPolicy, env: CompileEnv): void {
  for (const profile of policy.profiles) {
    if (profile !== FOEDERA_PROFILE && profile !== DSP_PROFILE) {
      env.unsupported('unknown-profile', `profile: unknown ODRL profile "${profile}"`);
    }
  }
  // Prohibitions always win here (the `prohibit` strategy; `invalid` voids the policy, which denies as well).
  if (
    policy.conflict !== undefined &&
    policy.conflict !== CONFLICT.prohibit &&
    policy.conflict !== CONFLICT.invalid
  ) {
    env.unsupported(
      'unsupported-conflict-strategy',
      `conflict: strategy "${compactIri(policy.conflict)}" is not supported`,
    );
  }
  for (const { path, name } of policy.unknownProperties) {
    env.unsupported('unknown-property', `${path}: unknown property "${name}"`);
  }
}

function splitDetail(detail: string): PolicyIssue {
  const at = detail.indexOf(': ');
  return at < 0
    ? { field: '(policy)', message: detail }
    : { field: detail.slice(0, at), message: detail.slice(at + 2) };
}
