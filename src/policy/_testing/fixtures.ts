/**
 * A realistic decision, shared by the decision point's tests and its benchmark: a NATO SECRET dataset releasable to
 * four nations and restricted to one community of interest, shared under an agreement that permits use for two
 * purposes, within 2026, at most 100 times, without passing it on, deleting it within 30 days and logging each use.
 */
import { compileLabel, defaultPolicyRegistry } from '../../labels/index.ts';
import type { CompiledLabel, ConfidentialityLabel } from '../../labels/index.ts';
import { compilePolicy } from '../compile-policy.ts';
import type { CompiledPolicy } from '../compile-policy.ts';
import type { DecisionRequest } from '../decision.ts';
import type { DecisionContext, Participant, User } from '../request.ts';
import type { Result } from '../../shared/result.ts';

export const DATASET = 'urn:foedera:dataset:d-42';
export const PROVIDER = 'urn:foedera:participant:deu-baainbw';
export const CONSUMER = 'urn:foedera:participant:fra-dga';
export const COI = 'COI-NORTHERN-SHIELD';

export const LABEL: ConfidentialityLabel = {
  policy: 'NATO',
  classification: 'NATO SECRET',
  categories: [
    { tagName: 'Releasable To', type: 'PERMISSIVE', values: ['FRA', 'DEU', 'NLD', 'POL'] },
    { tagName: 'Community of Interest', type: 'RESTRICTIVE', values: [COI] },
    { tagName: 'Administrative', type: 'INFORMATIVE', values: ['STAFF'] },
  ],
  originator: PROVIDER,
  creationTime: '2026-03-01T08:00:00Z',
};

export function compiledLabel(label: ConfidentialityLabel = LABEL): CompiledLabel {
  const result = compileLabel(label, defaultPolicyRegistry);
  if (!result.ok) throw new Error(`Cannot compile the fixture label: ${result.detail}`);
  return result.value;
}

export const AGREEMENT_JSON = {
  '@context': [
    'https://w3id.org/dspace/2025/1/context.jsonld',
    { foedera: 'https://w3id.org/foedera/odrl#' },
  ],
  '@id': 'urn:uuid:agreement-7',
  '@type': 'Agreement',
  profile: 'https://w3id.org/foedera/odrl',
  target: DATASET,
  assigner: PROVIDER,
  assignee: CONSUMER,
  timestamp: '2026-01-01T00:00:00Z',
  permission: [
    {
      action: 'use',
      constraint: [
        {
          leftOperand: 'purpose',
          operator: 'isAnyOf',
          rightOperand: ['intelligence-analysis', 'mission-planning'],
        },
        { leftOperand: 'dateTime', operator: 'gteq', rightOperand: '2026-01-01T00:00:00Z' },
        { leftOperand: 'dateTime', operator: 'lt', rightOperand: '2027-01-01T00:00:00Z' },
        { leftOperand: 'count', operator: 'lteq', rightOperand: 100 },
        { leftOperand: 'foedera:noOnwardTransfer', operator: 'eq', rightOperand: true },
      ],
      duty: [
        {
          action: 'foedera:deleteAfter',
          constraint: [{ leftOperand: 'elapsedTime', operator: 'lteq', rightOperand: 'P30D' }],
        },
        { action: 'foedera:logEachUse' },
      ],
    },
  ],
  prohibition: [{ action: 'distribute' }],
} as const;

export function compiled(json: unknown = AGREEMENT_JSON): CompiledPolicy {
  const result = compilePolicy(json);
  if (!result.ok) throw new Error(result.detail);
  return result.value;
}

export const PARTICIPANT: Participant = {
  id: CONSUMER,
  country: 'FRA',
  facilityClearances: [{ policy: 'NATO', classification: 'NATO SECRET' }],
};

export const USER: User = {
  id: 'urn:foedera:user:fra-dga:analyst-3',
  nationality: 'FRA',
  clearances: [{ policy: 'NATO', classification: 'NATO SECRET' }],
  communities: [COI],
  roles: ['analyst'],
};

export const CONTEXT: DecisionContext = {
  now: Date.parse('2026-06-01T12:00:00Z'),
  purpose: 'intelligence-analysis',
  useCount: 3,
  onwardTransfer: false,
};

/**
 * The permitted request; tests derive each denial from it by changing one thing. `labelBinding` defaults to the shape
 * `verifyLabelBinding` answers for an intact binding; the decision tests pass the result of a real verification.
 */
export function request(
  options: {
    label?: CompiledLabel | ConfidentialityLabel;
    labelBinding?: Result<unknown, string> | boolean;
  } = {},
): DecisionRequest {
  return {
    subject: { participant: PARTICIPANT, user: USER },
    resource: {
      id: DATASET,
      label: options.label ?? compiledLabel(),
      labelBinding: options.labelBinding ?? { ok: true, value: { algorithm: 'ES384' } },
    },
    agreement: { policy: compiled(), state: 'active' },
    action: 'use',
    context: CONTEXT,
  };
}
