import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConfidentialityLabel } from '../../labels/label.ts';
import { labelBanner } from './banner.ts';

const base = { originator: 'urn:foedera:participant:FRA', creationTime: '2026-11-26T05:00:00Z' };

test('labelBanner() reads classification then releasability, separated by //', () => {
  const label: ConfidentialityLabel = {
    ...base,
    policy: 'NATO',
    classification: 'NATO SECRET',
    categories: [{ tagName: 'Releasable To', type: 'PERMISSIVE', values: ['FRA', 'DEU'] }],
  };
  assert.equal(labelBanner(label), 'NATO SECRET // REL TO FRA, DEU');
});

test('labelBanner() names the policy of a national level and keeps informative categories off the band', () => {
  const label: ConfidentialityLabel = {
    ...base,
    policy: 'FRA',
    classification: 'SECRET',
    privacyMark: 'Spécial France',
    categories: [
      { tagName: 'Mission', type: 'RESTRICTIVE', values: ['eufor', 'atalanta'] },
      { tagName: 'Note', type: 'INFORMATIVE', values: ['exercise'] },
    ],
  };
  assert.equal(labelBanner(label), 'FRA SECRET SPÉCIAL FRANCE // EUFOR/ATALANTA');
});
