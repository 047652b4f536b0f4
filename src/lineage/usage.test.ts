import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CatalogOffer } from '../protocol/messages/odrl.ts';
import {
  intersectUsage,
  summariseOffer,
  summariseOffers,
  unusable,
  usageOffer,
  weakerThan,
} from './usage.ts';
import { parsePolicy } from '../policy/index.ts';

const ODRL = 'http://www.w3.org/ns/odrl/2/';

const offer = (extra: Partial<CatalogOffer> & { constraint?: unknown[] } = {}): CatalogOffer => {
  const { constraint, ...rest } = extra;
  return {
    '@id': 'urn:uuid:o',
    '@type': 'Offer',
    permission: [{ action: 'use', ...(constraint === undefined ? {} : { constraint: constraint as never }) }],
    ...rest,
  };
};

test('summariseOffer reads purposes, recipients, time window, count, onward transfer and prohibitions', () => {
  const usage = summariseOffer(
    offer({
      constraint: [
        { leftOperand: 'purpose', operator: 'isAnyOf', rightOperand: ['training', 'evaluation'] },
        { leftOperand: 'foedera:releasableTo', operator: 'isAnyOf', rightOperand: ['FRA', 'DEU'] },
        { leftOperand: 'dateTime', operator: 'lteq', rightOperand: '2027-06-30T00:00:00Z' },
        { and: [{ leftOperand: 'count', operator: 'lt', rightOperand: '10' }] },
        { leftOperand: 'foedera:noOnwardTransfer', operator: 'eq', rightOperand: true as never },
        { leftOperand: 'spatial', operator: 'isPartOf', rightOperand: 'EU' },
      ],
      prohibition: [{ action: 'distribute' }],
    }),
  );
  assert.deepEqual(usage.permittedActions, [`${ODRL}use`]);
  assert.deepEqual(usage.purposes, ['evaluation', 'training']);
  assert.deepEqual(usage.recipients, ['DEU', 'FRA']);
  assert.equal(usage.notAfter, '2027-06-30T00:00:00.000Z');
  assert.equal(usage.maxCount, 9);
  assert.equal(usage.noOnwardTransfer, true);
  assert.deepEqual(usage.prohibitedActions, [`${ODRL}distribute`]);
  assert.equal(usage.residual.length, 1, 'the spatial constraint is carried as written');
});

test('intersectUsage keeps the most restrictive of every constraint', () => {
  const a = summariseOffer(
    offer({
      constraint: [
        { leftOperand: 'purpose', operator: 'isAnyOf', rightOperand: ['training', 'evaluation'] },
        { leftOperand: 'dateTime', operator: 'lteq', rightOperand: '2027-12-31T00:00:00Z' },
        { leftOperand: 'dateTime', operator: 'gteq', rightOperand: '2026-01-01T00:00:00Z' },
      ],
      prohibition: [{ action: 'distribute' }],
    }),
  );
  const b: CatalogOffer = {
    '@id': 'urn:uuid:b',
    permission: [
      {
        action: 'read',
        constraint: [
          { leftOperand: 'purpose', operator: 'eq', rightOperand: 'training' },
          {
            leftOperand: 'recipient',
            operator: 'eq',
            rightOperand: { '@id': 'urn:foedera:participant:FRA' },
          },
          { leftOperand: 'dateTime', operator: 'lt', rightOperand: '2027-03-01T00:00:00Z' },
          { leftOperand: 'dateTime', operator: 'gt', rightOperand: '2026-06-01T00:00:00Z' },
        ],
      },
    ],
    prohibition: [{ action: 'archive' }],
  };
  const both = intersectUsage([a, summariseOffer(b)]);
  assert.deepEqual(both.permittedActions, [`${ODRL}read`], 'use covers read; read does not cover use');
  assert.deepEqual(both.purposes, ['training']);
  assert.deepEqual(both.recipients, ['urn:foedera:participant:FRA']);
  assert.equal(both.notAfter, '2027-03-01T00:00:00.000Z', 'the earliest end');
  assert.equal(both.notBefore, '2026-06-01T00:00:00.000Z', 'the latest start');
  assert.deepEqual(
    both.prohibitedActions,
    [`${ODRL}archive`, `${ODRL}distribute`],
    'prohibitions are united',
  );
  assert.equal(unusable(both), undefined);
});

test('inputs whose purposes do not overlap leave nothing usable, with the reason', () => {
  const a = summariseOffer(
    offer({ constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: 'x' }] }),
  );
  const b = summariseOffer(
    offer({ constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: 'y' }] }),
  );
  assert.match(unusable(intersectUsage([a, b])) ?? '', /no purpose/);
  const c = summariseOffer({ '@id': 'urn:uuid:c', permission: [{ action: 'foedera:compute' }] });
  const d = summariseOffer({ '@id': 'urn:uuid:d', permission: [{ action: 'transfer' }] });
  assert.match(unusable(intersectUsage([c, d])) ?? '', /no action/);
});

test('several offers of one artefact are summarised together, conservatively', () => {
  const usage = summariseOffers([
    offer({ constraint: [{ leftOperand: 'purpose', operator: 'isAnyOf', rightOperand: ['a', 'b'] }] }),
    offer({ constraint: [{ leftOperand: 'purpose', operator: 'isAnyOf', rightOperand: ['b', 'c'] }] }),
  ]);
  assert.deepEqual(usage.purposes, ['b']);
});

test('weakerThan names every way a declared policy allows more than the inputs', () => {
  const required = summariseOffer(
    offer({
      constraint: [
        { leftOperand: 'purpose', operator: 'eq', rightOperand: 'training' },
        { leftOperand: 'dateTime', operator: 'lteq', rightOperand: '2027-01-01T00:00:00Z' },
      ],
      prohibition: [{ action: 'distribute' }],
    }),
  );
  assert.deepEqual(weakerThan(required, required), []);
  const loose = summariseOffer(
    offer({
      constraint: [{ leftOperand: 'purpose', operator: 'isAnyOf', rightOperand: ['training', 'marketing'] }],
    }),
  );
  const reasons = weakerThan(loose, required);
  assert.ok(
    reasons.some((r) => /purpose marketing/.test(r)),
    reasons.join('|'),
  );
  assert.ok(
    reasons.some((r) => /ends after 2027-01-01/.test(r)),
    reasons.join('|'),
  );
  assert.ok(
    reasons.some((r) => /does not prohibit distribute/.test(r)),
    reasons.join('|'),
  );
});

test('usageOffer states the intersection as an ODRL offer that reads back to the same summary and parses', () => {
  const usage = intersectUsage([
    summariseOffer(
      offer({
        constraint: [
          { leftOperand: 'purpose', operator: 'isAnyOf', rightOperand: ['training'] },
          { leftOperand: 'dateTime', operator: 'lteq', rightOperand: '2027-01-01T00:00:00Z' },
          { leftOperand: 'foedera:noOnwardTransfer', operator: 'eq', rightOperand: 'true' },
          { leftOperand: 'spatial', operator: 'isPartOf', rightOperand: 'EU' },
        ],
        prohibition: [{ action: 'distribute' }],
        obligation: [{ action: 'foedera:logEachUse' }],
      }),
    ),
  ]);
  const stated = usageOffer(usage, 'urn:uuid:derived-offer');
  assert.deepEqual(summariseOffer(stated), usage);
  const parsed = parsePolicy({ ...stated, '@context': 'https://w3id.org/dspace/2025/1/context.jsonld' });
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.detail);
});
