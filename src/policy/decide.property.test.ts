import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { checkLabelAccess, defaultPolicyRegistry } from '../labels/index.ts';
import { compilePolicy } from './compile-policy.ts';
import type { CompiledPolicy } from './compile-policy.ts';
import { decide } from './decide.ts';
import type { DecisionRequest } from './decision.ts';
import { userLabelSubject } from './prepare-subject.ts';
import type { DecisionContext, User } from './request.ts';
import { AGREEMENT_JSON, COI, LABEL, USER, request } from './_testing/fixtures.ts';

const NATIONS = ['FRA', 'DEU', 'NLD', 'POL', 'GBR', 'USA', 'AUT'];
const PURPOSES = ['intelligence-analysis', 'mission-planning', 'training', 'marketing'];
const YEAR_2026 = Date.parse('2026-01-01T00:00:00Z');
const DAY = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString();

/** Atomic constraints over every supported operand, with random bounds. */
const atomic: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({
    leftOperand: fc.constant('purpose'),
    operator: fc.constantFrom('eq', 'neq'),
    rightOperand: fc.constantFrom(...PURPOSES),
  }),
  fc.record({
    leftOperand: fc.constant('purpose'),
    operator: fc.constantFrom('isAnyOf', 'isNoneOf'),
    rightOperand: fc.subarray(PURPOSES, { minLength: 1 }),
  }),
  fc.record({
    leftOperand: fc.constant('dateTime'),
    operator: fc.constantFrom('lt', 'lteq', 'gt', 'gteq'),
    rightOperand: fc.integer({ min: -400, max: 800 }).map((d) => iso(YEAR_2026 + d * DAY)),
  }),
  fc.record({
    leftOperand: fc.constant('count'),
    operator: fc.constantFrom('lt', 'lteq'),
    rightOperand: fc.integer({ min: 0, max: 120 }),
  }),
  fc.record({
    leftOperand: fc.constant('spatial'),
    operator: fc.constantFrom('eq', 'isPartOf'),
    rightOperand: fc.constantFrom('FRA', 'EU', 'NATO'),
  }),
  fc.record({
    leftOperand: fc.constant('foedera:releasableTo'),
    operator: fc.constantFrom('isAnyOf', 'isNoneOf'),
    rightOperand: fc.subarray(NATIONS, { minLength: 1 }),
  }),
  fc.record({
    leftOperand: fc.constant('foedera:noOnwardTransfer'),
    operator: fc.constant('eq'),
    rightOperand: fc.boolean(),
  }),
);
const constraint: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  { weight: 3, arbitrary: atomic },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.constantFrom('and', 'or', 'xone', 'andSequence'),
        fc.array(atomic, { minLength: 1, maxLength: 3 }),
      )
      .map(([op, list]) => ({ [op]: list })),
  },
);

const context: fc.Arbitrary<DecisionContext> = fc.record(
  {
    now: fc.integer({ min: -500, max: 900 }).map((d) => YEAR_2026 + d * DAY),
    purpose: fc.constantFrom(...PURPOSES),
    useCount: fc.integer({ min: 0, max: 150 }),
    location: fc.constantFrom('FRA', 'DEU', 'USA', 'GBR'),
    onwardTransfer: fc.boolean(),
  },
  { requiredKeys: ['now'] },
);

function agreementWith(constraints: readonly Record<string, unknown>[]): CompiledPolicy {
  const permission = AGREEMENT_JSON.permission[0];
  const result = compilePolicy({
    ...AGREEMENT_JSON,
    permission: [{ ...permission, constraint: constraints.length > 0 ? constraints : undefined }],
  });
  if (!result.ok) throw new Error(result.detail);
  return result.value;
}

const decideWith = (policy: CompiledPolicy, ctx: DecisionContext, user: User = USER): DecisionRequest => ({
  ...request(),
  subject: { participant: request().subject.participant, user },
  agreement: { policy, state: 'active' },
  context: ctx,
});

test('adding a constraint to a permission never turns a denial into a permit', () => {
  fc.assert(
    fc.property(fc.array(constraint, { maxLength: 4 }), constraint, context, (base, extra, ctx) => {
      const before = decide(decideWith(agreementWith(base), ctx));
      const after = decide(decideWith(agreementWith([...base, extra]), ctx));
      if (before.decision === 'deny') assert.equal(after.decision, 'deny');
    }),
    { numRuns: 300 },
  );
});

test('a policy with an unknown operand never permits, wherever the operand sits', () => {
  const unknown = { leftOperand: 'foedera:moonPhase', operator: 'eq', rightOperand: 'full' };
  fc.assert(
    fc.property(
      fc.record({ base: fc.array(constraint, { maxLength: 4 }), at: fc.nat(), nested: fc.boolean() }),
      context,
      ({ base, at, nested }, ctx) => {
        const placed = nested ? { or: [base[0] ?? unknown, unknown] } : unknown;
        const constraints = [
          ...base.slice(0, at % (base.length + 1)),
          placed,
          ...base.slice(at % (base.length + 1)),
        ];
        const decision = decide(decideWith(agreementWith(constraints), ctx));
        assert.equal(decision.decision, 'deny');
        assert.ok(decision.reasons.some((r) => r.code === 'unknown-operand'));
      },
    ),
    { numRuns: 200 },
  );
});

test('decide() agrees with the labels module on whether the user dominates the label', () => {
  const clearance = fc.constantFrom(
    ...['NATO UNCLASSIFIED', 'NATO RESTRICTED', 'NATO CONFIDENTIAL', 'NATO SECRET', 'COSMIC TOP SECRET'].map(
      (classification) => ({ policy: 'NATO', classification }),
    ),
    ...['VS-VERTRAULICH', 'GEHEIM', 'STRENG GEHEIM'].map((classification) => ({
      policy: 'DEU',
      classification,
    })),
    { policy: 'FRA', classification: 'SECRET' },
    { policy: 'ATLANTIS', classification: 'SECRET' },
  );
  const user: fc.Arbitrary<User> = fc.record({
    id: fc.constant('urn:foedera:user:u'),
    nationality: fc.constantFrom(...NATIONS),
    clearances: fc.array(clearance, { maxLength: 2 }),
    communities: fc.subarray([COI, 'COI-OTHER', 'SH-ORCON']),
    roles: fc.constant([]),
  });
  const policy = agreementWith(AGREEMENT_JSON.permission[0].constraint);
  fc.assert(
    fc.property(user, (u) => {
      const reference = checkLabelAccess(userLabelSubject(u), LABEL, defaultPolicyRegistry);
      const decision = decide({ ...decideWith(policy, request().context, u) });
      assert.equal(decision.decision === 'permit', reference.ok);
      if (!reference.ok) assert.ok(decision.reasons.some((r) => r.code === reference.reason));
    }),
    { numRuns: 300 },
  );
});

test('decide() never throws and never permits without a verified binding and an active agreement', () => {
  const junk = fc.oneof(fc.anything(), fc.constant(undefined));
  fc.assert(
    fc.property(
      fc.record({ now: junk, purpose: junk, useCount: junk, onwardTransfer: junk, location: junk }),
      fc.record({
        state: fc.constantFrom<DecisionRequest['agreement']['state']>(
          'active',
          'suspended',
          'terminated',
          'revoked',
        ),
        binding: fc.option(fc.boolean()),
      }),
      junk,
      (ctx, { state, binding }, action) => {
        const base = request();
        const decision = decide({
          ...base,
          action: action as string,
          context: ctx as unknown as DecisionContext,
          agreement: { ...base.agreement, state },
          resource: {
            id: base.resource.id,
            label: base.resource.label,
            ...(binding === null
              ? {}
              : { labelBinding: binding ? { ok: true, value: 1 } : { ok: false, reason: 'x', detail: 'x' } }),
          },
        });
        assert.ok(decision.decision === 'permit' || decision.decision === 'deny');
        if (decision.decision === 'permit') {
          assert.equal(binding, true);
          assert.equal(state, 'active');
        } else {
          assert.ok(decision.reasons.length > 0);
        }
      },
    ),
    { numRuns: 300 },
  );
});
