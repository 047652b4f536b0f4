import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { FOEDERA_ODRL, ODRL } from './namespaces.ts';
import { parsePolicy } from './parse-policy.ts';
import type { PolicyParseError } from './parse-policy.ts';

/** The specification's own example messages, kept as conformance fixtures. */
const FIXTURES = new URL('../../test/conformance/fixtures/dsp-2025-1/', import.meta.url);
const example = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as Record<string, unknown>;

function issuesOf(json: unknown): PolicyParseError['issues'] {
  const result = parsePolicy(json);
  assert.equal(result.ok, false, 'expected the policy to be refused');
  if (result.ok) return [];
  assert.equal(result.reason, 'invalid-policy');
  return (result as PolicyParseError).issues;
}

const offer = (rule: Record<string, unknown>): Record<string, unknown> => ({
  '@id': 'urn:uuid:offer-1',
  '@type': 'Offer',
  permission: [rule],
});

test('parsePolicy() reads every DSP 2025-1 negotiation example policy', () => {
  for (const [file, key] of [
    ['negotiation/contract-offer-message.json', 'offer'],
    ['negotiation/contract-request-message.json', 'offer'],
    ['negotiation/contract-agreement-message.json', 'agreement'],
    ['negotiation/contract-agreement-message-full.json', 'agreement'],
  ] as const) {
    const result = parsePolicy(example(file)[key]);
    assert.ok(result.ok, `${file}: ${result.ok ? '' : result.detail}`);
  }
});

test('parsePolicy() expands compact terms, CURIEs and full IRIs to the same IRIs', () => {
  const result = parsePolicy({
    '@id': 'p',
    '@type': 'odrl:Set',
    permission: [
      { action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: 'x' }] },
      {
        action: 'odrl:read',
        constraint: [{ leftOperand: 'odrl:count', operator: `${ODRL}lteq`, rightOperand: 3 }],
      },
      { action: { '@id': 'foedera:compute' } },
    ],
  });
  assert.ok(result.ok);
  const [use, read, compute] = result.value.permissions;
  assert.equal(result.value.type, 'Set');
  assert.equal(use?.action, `${ODRL}use`);
  assert.equal(read?.action, `${ODRL}read`);
  assert.equal(compute?.action, `${FOEDERA_ODRL}compute`);
  assert.deepEqual(read?.constraints[0], {
    kind: 'atomic',
    path: 'permission[1].constraint[0]',
    leftOperand: `${ODRL}count`,
    operator: `${ODRL}lteq`,
    rightOperand: { kind: 'literal', value: 3 },
  });
});

test('parsePolicy() reads typed literals, IRI operands and lists', () => {
  const result = parsePolicy(
    offer({
      action: 'use',
      constraint: [
        {
          leftOperand: 'dateTime',
          operator: 'lt',
          rightOperand: { '@value': '2027-01-01T00:00:00Z', '@type': 'xsd:dateTime' },
        },
        { leftOperand: 'recipient', operator: 'isAnyOf', rightOperand: [{ '@id': 'urn:a' }, 'urn:b'] },
      ],
    }),
  );
  assert.ok(result.ok);
  const [date, recipient] = result.value.permissions[0]?.constraints ?? [];
  assert.deepEqual(date?.kind === 'atomic' && date.rightOperand, {
    kind: 'literal',
    value: '2027-01-01T00:00:00Z',
    datatype: 'http://www.w3.org/2001/XMLSchema#dateTime',
  });
  assert.deepEqual(recipient?.kind === 'atomic' && recipient.rightOperand, [
    { kind: 'iri', iri: 'urn:a' },
    { kind: 'literal', value: 'urn:b' },
  ]);
});

test('parsePolicy() names the field of every structural problem', () => {
  const issues = issuesOf({
    '@type': 'Offer',
    permission: [
      {
        constraint: [
          { leftOperand: 'purpose', operator: 7, rightOperand: 'x' },
          { leftOperand: 'count', operator: 'lteq' },
          { and: [], or: [] },
        ],
      },
    ],
  });
  assert.deepEqual(
    issues.map((i) => i.field),
    [
      '@id',
      'permission[0].action',
      'permission[0].constraint[0].operator',
      'permission[0].constraint[1].rightOperand',
      'permission[0].constraint[2]',
    ],
  );
  assert.match(issues[2]?.message ?? '', /expected a term or an IRI string/);
});

test('parsePolicy() reads a catalog offer without @type as an Offer', () => {
  const dataset = example('catalog/dataset.json');
  const policies = dataset['hasPolicy'] as unknown[];
  const { '@type': _type, ...untyped } = policies[0] as Record<string, unknown>;
  const result = parsePolicy(untyped);
  assert.ok(result.ok);
  assert.equal(result.value.type, 'Offer');
});

test('parsePolicy() refuses what is not a policy object, and an unknown policy type', () => {
  for (const input of [null, 3, 'offer', [], undefined]) {
    assert.deepEqual(issuesOf(input), [{ field: '(policy)', message: 'expected a JSON object' }]);
  }
  assert.deepEqual(
    issuesOf({ '@id': 'p', '@type': 'Ticket', permission: [{ action: 'use' }] }).map((i) => i.field),
    ['@type'],
  );
});

test('parsePolicy() requires an Agreement to name its target and parties', () => {
  const fields = issuesOf({ '@id': 'a', '@type': 'Agreement', permission: [{ action: 'use' }] }).map(
    (i) => i.field,
  );
  assert.deepEqual(fields, ['target', 'assigner', 'assignee']);
});

test('parsePolicy() requires a permission or a prohibition and refuses empty lists', () => {
  assert.deepEqual(
    issuesOf({ '@id': 'p', '@type': 'Set' }).map((i) => i.field),
    ['permission'],
  );
  assert.deepEqual(
    issuesOf(offer({ action: 'use', constraint: [] })).map((i) => i.field),
    ['permission[0].constraint'],
  );
});

test('parsePolicy() refuses a malformed timestamp and right operand values it cannot type', () => {
  const fields = issuesOf({
    '@id': 'a',
    '@type': 'Set',
    timestamp: 'yesterday',
    permission: [
      {
        action: 'use',
        constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: { nested: true } }],
      },
    ],
  }).map((i) => i.field);
  assert.deepEqual(fields, ['timestamp', 'permission[0].constraint[0].rightOperand']);
});

test('parsePolicy() keeps unknown properties so that the compiler can deny on them', () => {
  const result = parsePolicy({
    '@id': 'p',
    '@type': 'Set',
    inheritFrom: 'urn:parent',
    permission: [
      {
        action: 'use',
        remedy: [],
        constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: 'x', unit: 'm' }],
      },
    ],
  });
  assert.ok(result.ok);
  assert.deepEqual(result.value.unknownProperties, [
    { path: 'inheritFrom', name: 'inheritFrom' },
    { path: 'permission[0].remedy', name: 'remedy' },
    { path: 'permission[0].constraint[0].unit', name: 'unit' },
  ]);
});

test('parsePolicy() refuses constraints nested past the depth limit instead of overflowing the stack', () => {
  let constraint: Record<string, unknown> = { leftOperand: 'purpose', operator: 'eq', rightOperand: 'x' };
  for (let i = 0; i < 100; i++) constraint = { and: [constraint] };
  const issues = issuesOf(offer({ action: 'use', constraint: [constraint] }));
  assert.equal(issues.length, 1);
  assert.match(issues[0]?.message ?? '', /nest deeper than 32 levels/);
});
