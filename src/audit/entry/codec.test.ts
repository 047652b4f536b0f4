import assert from 'node:assert/strict';
import { test } from 'node:test';
import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { decodeEntry, encodeEntry, sealEntry } from './codec.ts';
import type { AuditEntryInput } from './entry.ts';
import { familyOf, isAuditKind } from './kinds.ts';

const sample: AuditEntryInput = {
  time: '2026-11-26T05:00:00.000Z',
  node: 'FRA',
  kind: 'decision.deny',
  actor: 'user:alice@deu',
  subject: 'dataset:d-42',
  details: { reason: 'not-releasable', label: { classification: 'SECRET', releasableTo: ['FRA'] } },
};

test('encodeEntry() writes RFC 8785 canonical JSON with sorted keys and no spaces', () => {
  const text = new TextDecoder().decode(encodeEntry(sealEntry(sample, 7)));
  assert.equal(
    text,
    '{"actor":"user:alice@deu","details":{"label":{"classification":"SECRET","releasableTo":["FRA"]},"reason":"not-releasable"},"index":7,"kind":"decision.deny","node":"FRA","subject":"dataset:d-42","time":"2026-11-26T05:00:00.000Z","v":1}',
  );
});

test('encodeEntry() equals RFC 8785 canonicalize() and decodeEntry() round-trips any entry', () => {
  const json = fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<never>;
  fc.assert(
    fc.property(
      fc.nat(),
      fc.dictionary(fc.string(), json),
      fc.tuple(fc.string({ minLength: 1 }), fc.string({ minLength: 1, unit: 'binary' })),
      (index, details, [actor, subject]) => {
        const entry = sealEntry({ ...sample, actor, subject, details }, index);
        const bytes = encodeEntry(entry);
        assert.equal(new TextDecoder().decode(bytes), canonicalize(entry));
        const decoded = decodeEntry(bytes);
        assert.ok(decoded.ok);
        assert.deepEqual(encodeEntry(decoded.value), bytes);
      },
    ),
  );
});

test('decodeEntry() refuses a non-canonical encoding of a valid entry', () => {
  const pretty = new TextEncoder().encode(JSON.stringify(sealEntry(sample, 1), null, 2));
  const decoded = decodeEntry(pretty);
  assert.equal(decoded.ok ? 'ok' : decoded.reason, 'not-canonical');
});

test('decodeEntry() refuses an unknown kind, an extra field and a local time', () => {
  const bad = [
    { ...sealEntry(sample, 1), kind: 'decision.maybe' },
    { ...sealEntry(sample, 1), extra: true },
    { ...sealEntry(sample, 1), time: '2026-11-26T05:00:00+01:00' },
  ];
  for (const value of bad) {
    const decoded = decodeEntry(new TextEncoder().encode(JSON.stringify(value)));
    assert.equal(decoded.ok ? 'ok' : decoded.reason, 'invalid-entry');
  }
});

test('isAuditKind() accepts module verbs within known families only', () => {
  assert.ok(isAuditKind('negotiation.agreed'));
  assert.ok(isAuditKind('transfer.completed'));
  assert.ok(isAuditKind('key.request'));
  assert.ok(!isAuditKind('decision.abstain'));
  assert.ok(!isAuditKind('weather.sunny'));
  assert.equal(familyOf('participant.revoked'), 'participant');
});
