/** Datasets for the catalog tests: one per kind of label a participant may or may not be shown. */
import type { ConfidentialityLabel, LabelCategory } from '../../labels/index.ts';
import type { CatalogDataset, CatalogService } from '../dataset.ts';

export const service: CatalogService = {
  id: 'urn:uuid:service-fra-1',
  endpointURL: 'https://fra.node.example/dsp',
};

const rel = (...values: string[]): LabelCategory => ({
  tagName: 'Releasable To',
  type: 'PERMISSIVE',
  values,
});

export function label(
  policy: string,
  classification: string,
  categories: LabelCategory[] = [],
): ConfidentialityLabel {
  return {
    policy,
    classification,
    categories,
    originator: 'urn:foedera:participant:FRA-MOD',
    creationTime: '2026-11-26T05:00:00Z',
  };
}

export function dataset(id: string, overrides: Partial<CatalogDataset> = {}): CatalogDataset {
  return {
    id: `urn:uuid:${id}`,
    title: `Dataset ${id}`,
    keywords: ['logistics'],
    publisher: 'urn:foedera:participant:FRA-MOD',
    issued: '2026-11-01T00:00:00Z',
    modified: '2026-11-20T00:00:00Z',
    distributions: [{ format: 'HttpData-PULL', mediaType: 'application/parquet', byteSize: 1024 }],
    offers: [
      {
        '@id': `urn:uuid:offer-${id}`,
        '@type': 'Offer',
        permission: [
          {
            action: 'use',
            constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: 'training' }],
          },
        ],
      },
    ],
    label: label('NATO', 'NATO UNCLASSIFIED', [rel('NATO')]),
    ...overrides,
  };
}

export const datasets: readonly CatalogDataset[] = [
  dataset('nato-unclass', {
    title: 'Fuel consumption of armoured vehicles',
    keywords: ['logistics', 'fuel'],
  }),
  dataset('fra-deu-secret', {
    title: 'Sector 7 order of battle',
    label: label('NATO', 'NATO SECRET', [rel('FRA', 'DEU')]),
    distributions: [{ format: 'HttpData-PUSH', mediaType: 'text/csv' }],
  }),
  dataset('fra-only', {
    title: 'Réseau de ravitaillement',
    description: 'Dépôts et itinéraires',
    label: label('FRA', 'DIFFUSION RESTREINTE', [rel('FRA')]),
    publisher: 'urn:foedera:participant:FRA-DGA',
  }),
  dataset('eu-restricted', {
    title: 'Satellite imagery tasking',
    label: label('EU', 'RESTREINT UE/EU RESTRICTED', [rel('EU')]),
  }),
  dataset('unknown-policy', { title: 'Legacy data', label: label('USA', 'SECRET', [rel('NATO')]) }),
];
