/**
 * What the demo federation publishes: per participant, realistic synthetic datasets with their confidentiality
 * labels and usage offers. Ids are fixed, so a second `npm start` finds them and publishes nothing twice.
 *
 * The labels differ on purpose: FRA's imagery is releasable to the EU, DEU's logistics table to NATO (so the Agency,
 * an EU body, never sees it), the Agency's sensor series to the EU and its capability community only, and each nation
 * keeps one national-only dataset that no peer's catalog lists.
 */
import { RELEASABLE_TO, type ConfidentialityLabel } from '../labels/label.ts';
import { imagerySet } from './imagery.ts';
import { energyTable, incidentReports, logisticsTable, sensorSeries } from './tables.ts';

export type DemoScale = { readonly factor: number };

export type DemoDataset = {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly keywords: readonly string[];
  readonly mediaType: string;
  /** The content's file name when saved. */
  readonly fileName: string;
  readonly label: ConfidentialityLabel;
  readonly offers: readonly Record<string, unknown>[];
  readonly content: (scale: DemoScale) => Uint8Array;
};

const PROFILE = 'https://w3id.org/foedera/odrl';
const CREATED = '2026-11-02T08:00:00Z';

const label = (options: {
  participant: string;
  policy: string;
  classification: string;
  releasableTo: readonly string[];
  communities?: readonly string[];
}): ConfidentialityLabel => ({
  policy: options.policy,
  classification: options.classification,
  categories: [
    { tagName: RELEASABLE_TO, type: 'PERMISSIVE', values: [...options.releasableTo] },
    ...(options.communities === undefined
      ? []
      : [
          {
            tagName: 'Community of Interest',
            type: 'RESTRICTIVE' as const,
            values: [...options.communities],
          },
        ]),
  ],
  originator: `urn:foedera:participant:${options.participant}`,
  creationTime: CREATED,
});

/**
 * An ODRL offer as a catalog carries it (DSP 2025-1, compacted, no target). The constraints are ones a provider can
 * judge when a contract is requested (who asks, for which declared purpose, until when); duties bind every later use.
 */
const offer = (options: {
  id: string;
  until: string;
  purposes?: readonly string[];
  recipients?: readonly string[];
  releasableTo?: readonly string[];
  deleteAfterDays?: number;
}): Record<string, unknown> => ({
  '@id': options.id,
  '@type': 'Offer',
  profile: PROFILE,
  permission: [
    {
      action: 'use',
      constraint: [
        ...(options.purposes === undefined
          ? []
          : [{ leftOperand: 'purpose', operator: 'isAnyOf', rightOperand: [...options.purposes] }]),
        { leftOperand: 'dateTime', operator: 'lteq', rightOperand: `${options.until}T23:59:59Z` },
        ...(options.recipients === undefined
          ? []
          : [{ leftOperand: 'recipient', operator: 'isAnyOf', rightOperand: [...options.recipients] }]),
        ...(options.releasableTo === undefined
          ? []
          : [
              {
                leftOperand: 'foedera:releasableTo',
                operator: 'isPartOf',
                rightOperand: [...options.releasableTo],
              },
            ]),
      ],
      duty: [
        { action: 'foedera:logEachUse' },
        ...(options.deleteAfterDays === undefined
          ? []
          : [
              {
                action: 'foedera:deleteAfter',
                constraint: [
                  {
                    leftOperand: 'elapsedTime',
                    operator: 'lteq',
                    rightOperand: `P${options.deleteAfterDays}D`,
                  },
                ],
              },
            ]),
      ],
    },
  ],
  prohibition: [{ action: 'distribute' }],
});

export const IMAGERY_ID = 'urn:uuid:6f1c9a52-3d0e-4b7a-9c55-1a2b3c4d0f01';

export const DEMO_DATASETS: Readonly<Record<string, readonly DemoDataset[]>> = {
  FRA: [
    {
      id: IMAGERY_ID,
      title: 'Aerial vehicle detection — annotated imagery (synthetic)',
      description:
        'Greyscale aerial tiles of roads with tracked vehicles, wheeled vehicles and trucks, each with COCO bounding ' +
        'boxes, for training and evaluating a vehicle detector. Generated, no real location.',
      keywords: ['imagery', 'object-detection', 'ai-training', 'coco'],
      mediaType: 'application/x-tar',
      fileName: 'aerial-vehicle-detection.tar',
      label: label({
        participant: 'FRA',
        policy: 'EU',
        classification: 'UNCLASSIFIED',
        releasableTo: ['EU'],
      }),
      offers: [
        offer({
          id: 'urn:uuid:6f1c9a52-3d0e-4b7a-9c55-1a2b3c4d0f11',
          until: '2027-12-31',
          // No purpose constraint here: the data plane opens an object without a declared purpose for now, and the
          // decision point rightly refuses a purpose-bound use whose purpose it is not told (missing-context).
          releasableTo: ['EU'],
          deleteAfterDays: 365,
        }),
        offer({
          id: 'urn:uuid:6f1c9a52-3d0e-4b7a-9c55-1a2b3c4d0f12',
          until: '2027-06-30',
          recipients: ['EDA'],
        }),
      ],
      content: (scale) => imagerySet({ images: 16 * scale.factor, size: 96, seed: 7401 }),
    },
    {
      id: 'urn:uuid:6f1c9a52-3d0e-4b7a-9c55-1a2b3c4d0f02',
      title: 'Convoy incident reports — Sahel 2025 (synthetic)',
      description: 'Incident reports of logistics convoys: date, MGRS square, type, delay and route closure.',
      keywords: ['logistics', 'convoy', 'incidents'],
      mediaType: 'text/csv',
      fileName: 'convoy-incidents-2025.csv',
      label: label({
        participant: 'FRA',
        policy: 'FRA',
        classification: 'DIFFUSION RESTREINTE',
        releasableTo: ['FRA'],
      }),
      offers: [offer({ id: 'urn:uuid:6f1c9a52-3d0e-4b7a-9c55-1a2b3c4d0f21', until: '2027-12-31' })],
      content: (scale) => incidentReports({ reports: 300 * scale.factor, seed: 7402 }),
    },
  ],
  DEU: [
    {
      id: 'urn:uuid:0b7e4d21-58a3-4c9f-8e10-2c3d4e5f0d01',
      title: 'Depot logistics — daily consumption by supply class 2026 (synthetic)',
      description:
        'Daily consumption of rations, diesel, ammunition and spare parts at six depots, with shortfall flags: ' +
        'a table for demand forecasting.',
      keywords: ['logistics', 'forecasting', 'supply-chain'],
      mediaType: 'text/csv',
      fileName: 'depot-consumption-2026.csv',
      label: label({
        participant: 'DEU',
        policy: 'NATO',
        classification: 'NATO RESTRICTED',
        releasableTo: ['NATO'],
      }),
      offers: [
        offer({
          id: 'urn:uuid:0b7e4d21-58a3-4c9f-8e10-2c3d4e5f0d11',
          until: '2027-12-31',
          purposes: ['demand-forecasting', 'logistics-planning'],
          releasableTo: ['NATO'],
          deleteAfterDays: 180,
        }),
      ],
      content: (scale) => logisticsTable({ days: 90 * scale.factor, seed: 4901 }),
    },
    {
      id: 'urn:uuid:0b7e4d21-58a3-4c9f-8e10-2c3d4e5f0d02',
      title: 'Barracks energy use by site (synthetic)',
      description: 'Monthly energy use of four sites, for the national energy-efficiency programme.',
      keywords: ['energy', 'infrastructure'],
      mediaType: 'text/csv',
      fileName: 'barracks-energy.csv',
      label: label({
        participant: 'DEU',
        policy: 'DEU',
        classification: 'VS-NUR FÜR DEN DIENSTGEBRAUCH',
        releasableTo: ['DEU'],
      }),
      offers: [offer({ id: 'urn:uuid:0b7e4d21-58a3-4c9f-8e10-2c3d4e5f0d21', until: '2027-12-31' })],
      content: (scale) => energyTable({ months: 12 * scale.factor, seed: 4902 }),
    },
  ],
  EDA: [
    {
      id: 'urn:uuid:9a3f5e10-7c2b-4d8e-a1f0-3d4e5f6a0e01',
      title: 'Counter-drone radar trial — sensor time series (synthetic)',
      description:
        'One detection per sensor per second from two radars and an electro-optical sensor tracking small drones ' +
        'on a trial range: range, bearing, signal-to-noise ratio and classification.',
      keywords: ['sensor', 'time-series', 'counter-uas', 'ai-training'],
      mediaType: 'text/csv',
      fileName: 'cuas-trial-sensors.csv',
      label: label({
        participant: 'EDA',
        policy: 'EU',
        classification: 'RESTREINT UE/EU RESTRICTED',
        releasableTo: ['EU'],
        communities: ['EDA-CAPABILITIES'],
      }),
      offers: [
        offer({
          id: 'urn:uuid:9a3f5e10-7c2b-4d8e-a1f0-3d4e5f6a0e11',
          until: '2027-12-31',
          purposes: ['capability-development', 'model-training'],
          releasableTo: ['EU'],
          deleteAfterDays: 90,
        }),
      ],
      content: (scale) => sensorSeries({ seconds: 600 * scale.factor, seed: 3301 }),
    },
  ],
};
