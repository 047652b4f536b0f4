import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { compilePolicy } from './compile-policy.ts';
import type { CompileOptions, CompiledPolicy, PolicyOutcome } from './compile-policy.ts';
import type { PolicyParseError } from './parse-policy.ts';
import type { DecisionContext, PolicyInput, Subject } from './request.ts';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const FRA: Subject = { participant: { id: 'urn:foedera:fra-dga', country: 'FRA' } };

function compile(json: Record<string, unknown>, options?: CompileOptions): CompiledPolicy {
  const result = compilePolicy({ '@id': 'urn:uuid:p-1', '@type': 'Set', ...json }, options);
  assert.ok(result.ok, result.ok ? '' : result.detail);
  return result.value;
}

/** A policy with one `use` permission holding one constraint. */
const withConstraint = (
  constraint: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): CompiledPolicy => compile({ permission: [{ action: 'use', constraint: [constraint] }], ...extra });

function run(
  policy: CompiledPolicy,
  context: Partial<DecisionContext> = {},
  more: Partial<PolicyInput> = {},
): PolicyOutcome {
  return policy.evaluate({ action: 'use', subject: FRA, context: { now: NOW, ...context }, ...more });
}

const codes = (outcome: PolicyOutcome): string[] =>
  outcome.permitted ? [] : outcome.reasons.map((r) => r.code);
const permits = (outcome: PolicyOutcome): boolean => outcome.permitted;

function compileError(json: Record<string, unknown>): PolicyParseError {
  const result = compilePolicy({ '@id': 'urn:uuid:p-1', '@type': 'Set', ...json });
  assert.equal(result.ok, false, 'expected the policy to be refused');
  return result as PolicyParseError;
}

test('each ordered operator compares the decision time with a dateTime bound', () => {
  const at = (operator: string, rightOperand: string, now: number): boolean =>
    permits(run(withConstraint({ leftOperand: 'dateTime', operator, rightOperand }), { now }));
  const t = '2026-06-01T12:00:00Z';
  const before = NOW - 1;
  const after = NOW + 1;
  const table: [string, boolean, boolean, boolean][] = [
    // operator, before, at, after
    ['eq', false, true, false],
    ['neq', true, false, true],
    ['lt', true, false, false],
    ['lteq', true, true, false],
    ['gt', false, false, true],
    ['gteq', false, true, true],
  ];
  for (const [operator, b, a, f] of table) {
    assert.deepEqual(
      [at(operator, t, before), at(operator, t, NOW), at(operator, t, after)],
      [b, a, f],
      operator,
    );
  }
});

test('a time window denies before it opens and after it closes, with the matching reason', () => {
  const policy = compile({
    permission: [
      {
        action: 'use',
        constraint: [
          { leftOperand: 'dateTime', operator: 'gteq', rightOperand: '2026-01-01T00:00:00Z' },
          {
            leftOperand: 'dateTime',
            operator: 'lt',
            rightOperand: { '@value': '2027-01-01', '@type': 'xsd:date' },
          },
        ],
      },
    ],
  });
  assert.deepEqual(codes(run(policy, { now: Date.parse('2025-12-31T23:59:59Z') })), ['before-validity']);
  assert.deepEqual(codes(run(policy, { now: Date.parse('2027-01-01T00:00:00Z') })), ['after-validity']);
  assert.ok(permits(run(policy, { now: new Date('2026-07-14T00:00:00Z') })));
});

test('elapsedTime counts from the agreement timestamp on the calendar', () => {
  const policy = withConstraint(
    {
      leftOperand: 'elapsedTime',
      operator: 'lteq',
      rightOperand: { '@value': 'P1M', '@type': 'xsd:duration' },
    },
    { timestamp: '2026-02-01T00:00:00Z' },
  );
  assert.ok(permits(run(policy, { now: Date.parse('2026-03-01T00:00:00Z') })));
  assert.deepEqual(codes(run(policy, { now: Date.parse('2026-03-01T00:00:01Z') })), ['after-validity']);
  const untimed = withConstraint({ leftOperand: 'elapsedTime', operator: 'lteq', rightOperand: 'P30D' });
  assert.deepEqual(codes(run(untimed)), ['missing-context']);
});

test('count limits the uses: this use is the one after useCount', () => {
  const policy = withConstraint({ leftOperand: 'count', operator: 'lteq', rightOperand: 10 });
  assert.ok(permits(run(policy, { useCount: 9 })));
  assert.deepEqual(codes(run(policy, { useCount: 10 })), ['count-exhausted']);
  assert.deepEqual(codes(run(policy)), ['missing-context']);
  const strict = withConstraint({ leftOperand: 'count', operator: 'lt', rightOperand: '3' });
  assert.deepEqual(
    [permits(run(strict, { useCount: 1 })), permits(run(strict, { useCount: 2 }))],
    [true, false],
  );
});

test('each term operator decides purpose, with the hierarchy for isA and isPartOf', () => {
  const purpose = (operator: string, rightOperand: unknown, value: string | undefined): string[] =>
    codes(
      run(
        withConstraint({ leftOperand: 'purpose', operator, rightOperand }),
        value === undefined ? {} : { purpose: value },
      ),
    );
  const hierarchy = new Map([
    ['intelligence-analysis', ['analysis']],
    ['analysis', ['defence']],
  ]);
  const withTree = (operator: string, rightOperand: unknown, value: string): boolean =>
    permits(
      run(
        compile(
          {
            permission: [{ action: 'use', constraint: [{ leftOperand: 'purpose', operator, rightOperand }] }],
          },
          { hierarchy },
        ),
        { purpose: value },
      ),
    );

  assert.deepEqual(purpose('eq', 'analysis', 'analysis'), []);
  assert.deepEqual(purpose('eq', 'analysis', 'marketing'), ['purpose-not-permitted']);
  assert.deepEqual(purpose('neq', 'marketing', 'analysis'), []);
  assert.deepEqual(purpose('neq', 'marketing', 'marketing'), ['purpose-not-permitted']);
  assert.deepEqual(purpose('isAnyOf', ['analysis', 'training'], 'training'), []);
  assert.deepEqual(purpose('isAnyOf', ['analysis', 'training'], 'marketing'), ['purpose-not-permitted']);
  assert.deepEqual(purpose('isNoneOf', ['marketing'], 'analysis'), []);
  assert.deepEqual(purpose('isNoneOf', ['marketing', 'resale'], 'resale'), ['purpose-not-permitted']);
  assert.deepEqual(purpose('eq', 'analysis', undefined), ['missing-context']);

  assert.equal(withTree('isA', 'defence', 'intelligence-analysis'), true, 'transitively narrower');
  assert.equal(withTree('isA', 'intelligence-analysis', 'defence'), false, 'broader is not narrower');
  assert.equal(withTree('isPartOf', 'analysis', 'analysis'), true, 'a term is part of itself');
  assert.equal(withTree('isAllOf', ['analysis', 'defence'], 'intelligence-analysis'), true);
  assert.equal(withTree('isAllOf', ['analysis', 'marketing'], 'intelligence-analysis'), false);
  assert.equal(withTree('hasPart', 'intelligence-analysis', 'defence'), true);
  assert.equal(withTree('hasPart', 'defence', 'analysis'), false);
});

test('spatial and releasableTo use EU and NATO membership', () => {
  const spatial = withConstraint({ leftOperand: 'spatial', operator: 'isPartOf', rightOperand: 'EU' });
  assert.ok(permits(run(spatial, { location: 'DEU' })));
  assert.deepEqual(codes(run(spatial, { location: 'USA' })), ['location-not-permitted']);
  const outsideEu = withConstraint({ leftOperand: 'spatial', operator: 'isNoneOf', rightOperand: ['EU'] });
  assert.deepEqual(
    codes(run(outsideEu, { location: 'FRA' })),
    ['location-not-permitted'],
    'FRA is in the EU',
  );
  assert.ok(permits(run(outsideEu, { location: 'USA' })));
  const anyOfEu = withConstraint({ leftOperand: 'spatial', operator: 'isAnyOf', rightOperand: ['EU'] });
  assert.deepEqual(
    codes(run(anyOfEu, { location: 'FRA' })),
    ['location-not-permitted'],
    'isAnyOf is literal',
  );

  const releasable = withConstraint({
    leftOperand: 'foedera:releasableTo',
    operator: 'isAnyOf',
    rightOperand: ['FRA', 'DEU'],
  });
  assert.ok(permits(run(releasable)));
  const user = { id: 'u', nationality: 'GBR', clearances: [], communities: [], roles: [] };
  const denied = run(releasable, {}, { subject: { ...FRA, user } });
  assert.deepEqual(codes(denied), ['not-releasable']);
  assert.match(denied.permitted ? '' : (denied.reasons[0]?.detail ?? ''), /user nationality "GBR"/);

  const nato = withConstraint({
    leftOperand: 'foedera:releasableTo',
    operator: 'isPartOf',
    rightOperand: 'NATO',
  });
  assert.ok(permits(run(nato, {}, { subject: { ...FRA, user } })));
  assert.deepEqual(codes(run(nato, {}, { subject: { participant: { id: 'x', country: 'AUT' } } })), [
    'not-releasable',
  ]);
});

test('recipient defaults to the asking participant', () => {
  const policy = withConstraint({
    leftOperand: 'recipient',
    operator: 'eq',
    rightOperand: { '@id': FRA.participant.id },
  });
  assert.ok(permits(run(policy)));
  assert.deepEqual(codes(run(policy, { recipientParticipant: 'urn:foedera:other' })), [
    'recipient-not-permitted',
  ]);
});

test('noOnwardTransfer denies a use that passes the data on, and a use that does not say', () => {
  const policy = withConstraint({
    leftOperand: 'foedera:noOnwardTransfer',
    operator: 'eq',
    rightOperand: true,
  });
  assert.ok(permits(run(policy, { onwardTransfer: false })));
  assert.deepEqual(codes(run(policy, { onwardTransfer: true })), ['onward-transfer-prohibited']);
  assert.deepEqual(codes(run(policy)), ['missing-context']);
});

test('and, andSequence, or and xone combine constraints in three-valued logic', () => {
  const a = { leftOperand: 'purpose', operator: 'eq', rightOperand: 'a' };
  const notA = { leftOperand: 'purpose', operator: 'neq', rightOperand: 'a' };
  const early = { leftOperand: 'dateTime', operator: 'lt', rightOperand: '2030-01-01T00:00:00Z' };
  const logical = (op: string, purpose?: string): boolean =>
    permits(run(withConstraint({ [op]: [a, early] }), purpose === undefined ? {} : { purpose }));
  assert.deepEqual([logical('and', 'a'), logical('and', 'b')], [true, false]);
  assert.deepEqual([logical('andSequence', 'a'), logical('andSequence', 'b')], [true, false]);
  assert.deepEqual([logical('or', 'a'), logical('or', 'b'), logical('or')], [true, true, true]);
  assert.deepEqual([logical('xone', 'a'), logical('xone', 'b')], [false, true]);

  const xone = run(withConstraint({ xone: [a, early] }), { purpose: 'a' });
  assert.deepEqual(codes(xone), ['constraint-not-satisfied']);
  const orBoth = run(
    withConstraint({ or: [a, { and: [notA, { leftOperand: 'count', operator: 'lteq', rightOperand: 1 }] }] }),
    {
      purpose: 'a',
      useCount: 5,
    },
  );
  assert.ok(permits(orBoth));
  const orNone = run(
    withConstraint({ or: [a, { leftOperand: 'count', operator: 'lteq', rightOperand: 1 }] }),
    {
      purpose: 'b',
      useCount: 5,
    },
  );
  assert.deepEqual(codes(orNone), ['purpose-not-permitted', 'count-exhausted']);
  // Unknown on one side of an or does not permit when the other side fails.
  assert.deepEqual(
    codes(
      run(withConstraint({ or: [a, { leftOperand: 'count', operator: 'lteq', rightOperand: 1 }] }), {
        purpose: 'b',
      }),
    ),
    ['purpose-not-permitted', 'missing-context'],
  );
});

test('a denial lists every failing constraint, not only the first', () => {
  const policy = compile({
    permission: [
      {
        action: 'use',
        constraint: [
          { leftOperand: 'purpose', operator: 'eq', rightOperand: 'analysis' },
          { leftOperand: 'dateTime', operator: 'lteq', rightOperand: '2026-01-01T00:00:00Z' },
          { leftOperand: 'count', operator: 'lteq', rightOperand: 1 },
        ],
      },
    ],
  });
  const outcome = run(policy, { purpose: 'marketing', useCount: 1 });
  assert.deepEqual(codes(outcome), ['purpose-not-permitted', 'after-validity', 'count-exhausted']);
  assert.equal(
    outcome.permitted ? '' : outcome.reasons[0]?.detail,
    'permission[0].constraint[0]: purpose "marketing" is not eq ["analysis"]',
  );
});

test('a permission covers the actions included in its action, and nothing broader', () => {
  const use = compile({ permission: [{ action: 'use' }] });
  for (const action of [
    'use',
    'read',
    'odrl:distribute',
    'http://www.w3.org/ns/odrl/2/derive',
    'foedera:compute',
  ]) {
    assert.ok(permits(run(use, {}, { action })), action);
  }
  assert.deepEqual(codes(run(use, {}, { action: 'transfer' })), ['action-not-permitted']);
  const compute = compile({ permission: [{ action: 'foedera:compute' }] });
  assert.ok(permits(run(compute, {}, { action: 'https://w3id.org/foedera/odrl#compute' })));
  assert.deepEqual(codes(run(compute, {}, { action: 'read' })), ['action-not-permitted']);
  assert.deepEqual(codes(run(compute, {}, { action: 'teleport' })), ['unknown-action']);
});

test('a prohibition overrides a permission, and stays in force when its constraints cannot be ruled out', () => {
  const policy = compile({
    permission: [{ action: 'use' }],
    prohibition: [
      {
        action: 'distribute',
        constraint: [{ leftOperand: 'spatial', operator: 'isNoneOf', rightOperand: ['FRA'] }],
      },
    ],
  });
  assert.ok(permits(run(policy, {}, { action: 'read' })));
  assert.ok(permits(run(policy, { location: 'FRA' }, { action: 'distribute' })));
  assert.deepEqual(codes(run(policy, { location: 'DEU' }, { action: 'distribute' })), ['prohibited-action']);
  assert.deepEqual(codes(run(policy, {}, { action: 'distribute' })), ['prohibited-action']);
  // Asking to `use` is not asking to `distribute`; prohibiting `use` forbids `read`.
  assert.ok(permits(run(policy, { location: 'DEU' }, { action: 'use' })));
  const noUse = compile({ permission: [{ action: 'use' }], prohibition: [{ action: 'use' }] });
  assert.deepEqual(codes(run(noUse, {}, { action: 'read' })), ['prohibited-action']);
});

test('duties become obligations with their parameters, the policy-level ones included', () => {
  const policy = compile({
    permission: [
      {
        action: 'use',
        duty: [
          {
            action: 'foedera:deleteAfter',
            constraint: [{ leftOperand: 'elapsedTime', operator: 'lteq', rightOperand: 'P30D' }],
          },
          {
            action: 'delete',
            constraint: [{ leftOperand: 'dateTime', operator: 'lteq', rightOperand: '2027-01-01T00:00:00Z' }],
          },
        ],
      },
    ],
    obligation: [{ action: 'foedera:logEachUse' }],
  });
  const outcome = run(policy);
  assert.ok(outcome.permitted);
  assert.deepEqual(
    outcome.obligations.map((o) => [o.code, o.params]),
    [
      ['delete-after', { within: 'P30D' }],
      ['delete-after', { by: '2027-01-01T00:00:00.000Z' }],
      ['log-each-use', {}],
    ],
  );
  assert.equal(outcome.obligations[0]?.detail, 'Delete the data within P30D of receiving it');
});

test('an unknown operand, operator, action, duty, property, profile or conflict strategy makes every decision deny', () => {
  const cases: [Record<string, unknown>, string, string][] = [
    [
      {
        permission: [
          { action: 'use', constraint: [{ leftOperand: 'partner', operator: 'eq', rightOperand: 'gold' }] },
        ],
      },
      'unknown-operand',
      'permission[0].constraint[0].leftOperand: unknown left operand "partner"',
    ],
    [
      {
        permission: [
          { action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'foo', rightOperand: 'x' }] },
        ],
      },
      'unknown-operator',
      'permission[0].constraint[0].operator: unknown operator "foo"',
    ],
    [
      { permission: [{ action: 'use' }, { action: 'teleport' }] },
      'unknown-action',
      'permission[1].action: unknown action "teleport"',
    ],
    [
      { permission: [{ action: 'use', duty: [{ action: 'compensate' }] }] },
      'unknown-action',
      'permission[0].duty[0].action: unknown duty "compensate"',
    ],
    [
      { permission: [{ action: 'use', refinement: [] }] },
      'unknown-property',
      'permission[0].refinement: unknown property "refinement"',
    ],
    [
      { profile: 'https://example.com/profile', permission: [{ action: 'use' }] },
      'unknown-profile',
      'profile: unknown ODRL profile "https://example.com/profile"',
    ],
    [
      { conflict: 'perm', permission: [{ action: 'use' }] },
      'unsupported-conflict-strategy',
      'conflict: strategy "perm" is not supported',
    ],
  ];
  for (const [json, code, detail] of cases) {
    const policy = compile(json);
    const outcome = run(policy, { purpose: 'x' });
    assert.equal(outcome.permitted, false, code);
    assert.deepEqual(outcome.permitted ? [] : outcome.reasons, [{ code, detail }]);
  }
  // Even when the unknown term sits in a branch that would not be needed.
  const policy = compile({
    permission: [
      {
        action: 'use',
        constraint: [
          {
            or: [
              { leftOperand: 'purpose', operator: 'eq', rightOperand: 'x' },
              { leftOperand: 'partner', operator: 'eq', rightOperand: 'gold' },
            ],
          },
        ],
      },
    ],
  });
  assert.deepEqual(codes(run(policy, { purpose: 'x' })), ['unknown-operand']);
});

test('strict compilation refuses unknown terms, naming the field', () => {
  const result = compilePolicy(
    {
      '@id': 'p',
      '@type': 'Offer',
      permission: [
        { action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'foo', rightOperand: 'x' }] },
      ],
    },
    { strict: true },
  );
  assert.equal(result.ok, false);
  assert.match(
    result.ok ? '' : result.detail,
    /permission\[0\]\.constraint\[0\]\.operator: unknown operator "foo"/,
  );
});

test('compilation refuses right operands of the wrong type and operators that do not apply, naming the field', () => {
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [
      { leftOperand: 'dateTime', operator: 'lteq', rightOperand: 'soon' },
      'permission[0].constraint[0].rightOperand',
      /xsd:dateTime/,
    ],
    [
      {
        leftOperand: 'dateTime',
        operator: 'lteq',
        rightOperand: { '@value': '2026-01-01', '@type': 'xsd:integer' },
      },
      'permission[0].constraint[0].rightOperand',
      /datatype/,
    ],
    [
      { leftOperand: 'elapsedTime', operator: 'lteq', rightOperand: '30 days' },
      'permission[0].constraint[0].rightOperand',
      /xsd:duration/,
    ],
    [
      { leftOperand: 'count', operator: 'lteq', rightOperand: -1 },
      'permission[0].constraint[0].rightOperand',
      /non-negative integer/,
    ],
    [
      { leftOperand: 'count', operator: 'gt', rightOperand: 1 },
      'permission[0].constraint[0].operator',
      /does not apply to count/,
    ],
    [
      { leftOperand: 'purpose', operator: 'lt', rightOperand: 'x' },
      'permission[0].constraint[0].operator',
      /does not apply to purpose/,
    ],
    [
      { leftOperand: 'purpose', operator: 'eq', rightOperand: ['a', 'b'] },
      'permission[0].constraint[0].rightOperand',
      /one value/,
    ],
    [
      { leftOperand: 'foedera:noOnwardTransfer', operator: 'eq', rightOperand: 'maybe' },
      'permission[0].constraint[0].rightOperand',
      /true or false/,
    ],
  ];
  for (const [constraint, field, message] of cases) {
    const error = compileError({ permission: [{ action: 'use', constraint: [constraint] }] });
    assert.equal(error.issues[0]?.field, field, JSON.stringify(constraint));
    assert.match(error.issues[0]?.message ?? '', message);
  }
  const duty = compileError({
    permission: [
      {
        action: 'use',
        duty: [
          { action: 'delete', constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: 'x' }] },
        ],
      },
    ],
  });
  assert.equal(duty.issues[0]?.field, 'permission[0].duty[0].constraint[0]');
});

test('a rule naming its own assignee or target applies only to them', () => {
  const policy = compile({
    permission: [{ action: 'use', assignee: 'urn:foedera:deu-baainbw', target: 'urn:dataset:1' }],
  });
  const outcome = run(policy, {}, { resource: { id: 'urn:dataset:2' } });
  assert.deepEqual(codes(outcome), ['wrong-assignee', 'wrong-target']);
  const deu = { participant: { id: 'urn:foedera:deu-baainbw', country: 'DEU' } };
  assert.ok(permits(run(policy, {}, { subject: deu, resource: { id: 'urn:dataset:1' } })));
});

test('the permit path returns the same frozen outcome every time', () => {
  const policy = withConstraint({ leftOperand: 'purpose', operator: 'eq', rightOperand: 'a' });
  const first = run(policy, { purpose: 'a' });
  assert.equal(run(policy, { purpose: 'a' }), first);
  assert.ok(Object.isFrozen(first));
});

test('a duty naming its own party denies rather than hand the obligation to the wrong party', () => {
  const policy = compile({
    permission: [
      { action: 'use', duty: [{ action: 'foedera:logEachUse', assignee: 'urn:foedera:third-party' }] },
    ],
  });
  assert.deepEqual(codes(run(policy)), ['unknown-property']);
});

test('an invalid decision time is missing context, not a time outside the window', () => {
  const policy = withConstraint({
    leftOperand: 'dateTime',
    operator: 'lt',
    rightOperand: '2030-01-01T00:00:00Z',
  });
  assert.deepEqual(codes(run(policy, { now: new Date('not a date') })), ['missing-context']);
});

test('the DSP 2025-1 example policies compile; the full agreement denies on its example profile and operands', () => {
  const fixtures = new URL('../../test/conformance/fixtures/dsp-2025-1/negotiation/', import.meta.url);
  const read = (name: string): Record<string, unknown> =>
    JSON.parse(readFileSync(new URL(name, fixtures), 'utf8')) as Record<string, unknown>;
  const offer = compilePolicy(read('contract-offer-message.json')['offer']);
  assert.ok(offer.ok);
  assert.ok(permits(run(offer.value, { now: Date.parse('2023-12-31T06:00:00Z') })));
  assert.deepEqual(codes(run(offer.value, { now: Date.parse('2023-12-31T06:00:01Z') })), ['after-validity']);

  const full = compilePolicy(read('contract-agreement-message-full.json')['agreement']);
  assert.ok(full.ok);
  const outcome = run(full.value, { now: Date.parse('2023-06-01T00:00:00Z') });
  assert.equal(outcome.permitted, false, 'its first permission alone would permit');
  assert.deepEqual([...new Set(codes(outcome))], ['unknown-profile', 'unknown-operand']);
});
