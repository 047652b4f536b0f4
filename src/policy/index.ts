/** Public surface of the policy module: ODRL 2.2 usage policies and the decision point. */
export type {
  AtomicConstraint,
  Constraint,
  Duty,
  LogicalConstraint,
  LogicalOperator,
  OdrlPolicy,
  OperandValue,
  PolicyType,
  Rule,
} from './model.ts';
export { DSP_PROFILE, FOEDERA_ODRL, FOEDERA_PROFILE, ODRL, compactIri, expandTerm } from './namespaces.ts';
export type { PolicyIssue, PolicyParseError } from './parse-policy.ts';
export { parsePolicy } from './parse-policy.ts';
export type { CompileOptions, CompiledPolicy, PolicyOutcome } from './compile-policy.ts';
export { compileParsedPolicy, compilePolicy } from './compile-policy.ts';
export type { PolicyCache } from './policy-cache.ts';
export { createPolicyCache } from './policy-cache.ts';
export type { Hierarchy } from './regions.ts';
export { DEFAULT_HIERARCHY, hierarchyFromGroups } from './regions.ts';
export type { Clearance, DecisionContext, Participant, PolicyInput, Subject, User } from './request.ts';
export type { DenyCode, DenyReason, Obligation, ObligationCode } from './reasons.ts';
export type { AgreementState, Decision, DecisionRequest, PreparedSubject } from './decision.ts';
export { decide } from './decide.ts';
export { prepareSubject } from './prepare-subject.ts';
export { ACTIONS, DUTY_ACTIONS, LEFT_OPERANDS, OPERATORS } from './vocabulary.ts';
