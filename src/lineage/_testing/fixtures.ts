/** Labels and offers for the lineage tests. */
import type { ConfidentialityLabel } from '../../labels/index.ts';
import type { CatalogOffer } from '../../protocol/messages/odrl.ts';

export function natoLabel(classification: string, releasableTo: string[]): ConfidentialityLabel {
  return {
    policy: 'NATO',
    classification,
    categories: [{ tagName: 'Releasable To', type: 'PERMISSIVE', values: releasableTo }],
    originator: 'urn:foedera:participant:FRA',
    creationTime: '2026-11-26T05:00:00Z',
  };
}

export function purposeOffer(id: string, purposes: string[], notAfter?: string): CatalogOffer {
  return {
    '@id': `urn:uuid:${id}`,
    '@type': 'Offer',
    permission: [
      {
        action: 'use',
        constraint: [
          { leftOperand: 'purpose', operator: 'isAnyOf', rightOperand: purposes },
          ...(notAfter === undefined
            ? []
            : [{ leftOperand: 'dateTime', operator: 'lteq' as const, rightOperand: notAfter }]),
        ],
      },
    ],
  };
}
