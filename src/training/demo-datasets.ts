/**
 * The AI part of the demo federation, as data: a counter-drone track-classification dataset split between FRA and
 * DEU (each keeps its part: the offers permit only compute-to-data), described by a Croissant card, and the
 * hyper-parameters of the federated training the Agency coordinates over both parts.
 */
import { createHash } from 'node:crypto';
import { RELEASABLE_TO, type ConfidentialityLabel } from '../labels/label.ts';
import { gaussianClasses, toCsv } from './synthetic.ts';

export type AiDemoPart = {
  readonly provider: string;
  readonly id: string;
  readonly offerId: string;
  readonly title: string;
  readonly seed: number;
  readonly count: number;
  /** Share of drones (class 1) in this part: the parts are deliberately unlike each other. */
  readonly positiveShare: number;
};

export const AI_DEMO_PARTS: readonly AiDemoPart[] = [
  {
    provider: 'FRA',
    id: 'urn:uuid:3c1d5e7a-9b2f-4c80-a1d3-7e5f0c2b9a41',
    offerId: 'urn:uuid:3c1d5e7a-9b2f-4c80-a1d3-7e5f0c2b9a42',
    title: 'Counter-drone radar tracks, drone or bird (French coastal radars)',
    seed: 1_001,
    count: 1200,
    positiveShare: 0.25,
  },
  {
    provider: 'DEU',
    id: 'urn:uuid:8e2f4a6c-1d3b-4f5e-9a7c-2b4d6f8a0c11',
    offerId: 'urn:uuid:8e2f4a6c-1d3b-4f5e-9a7c-2b4d6f8a0c12',
    title: 'Counter-drone radar tracks, drone or bird (German airbase radars)',
    seed: 2_002,
    count: 500,
    positiveShare: 0.8,
  },
];

/** Two features per track (normalised radar cross-section and speed) and the 0/1 label. */
export const AI_DEMO_TRAINING = { features: 2, rounds: 10, epochs: 5, learningRate: 0.5 } as const;

export function aiDemoContent(part: AiDemoPart): Buffer {
  return Buffer.from(
    toCsv(
      gaussianClasses({ seed: part.seed, count: part.count, features: 2, positiveShare: part.positiveShare }),
    ).replace(/^x1,x2,label/, 'rcs,speed,label'),
  );
}

const label = (provider: string): ConfidentialityLabel => ({
  policy: 'NATO',
  classification: 'NATO UNCLASSIFIED',
  categories: [{ tagName: RELEASABLE_TO, type: 'PERMISSIVE', values: ['EU'] }],
  originator: `urn:foedera:participant:${provider}`,
  creationTime: '2026-11-02T08:00:00Z',
});

function card(part: AiDemoPart, content: Buffer): Record<string, unknown> {
  const file = 'tracks.csv';
  const column = (name: string, dataType: string) => ({
    '@type': 'cr:Field',
    '@id': `tracks/${name}`,
    name,
    dataType,
    source: { fileObject: { '@id': file }, extract: { column: name } },
  });
  return {
    '@context': {
      '@language': 'en',
      '@vocab': 'https://schema.org/',
      sc: 'https://schema.org/',
      cr: 'http://mlcommons.org/croissant/',
      dct: 'http://purl.org/dc/terms/',
      foedera: 'https://w3id.org/foedera/ns#',
      data: { '@id': 'cr:data', '@type': '@json' },
      dataType: { '@id': 'cr:dataType', '@type': '@vocab' },
      field: 'cr:field',
      fileObject: 'cr:fileObject',
      recordSet: 'cr:recordSet',
      source: 'cr:source',
      extract: 'cr:extract',
      column: 'cr:column',
      conformsTo: 'dct:conformsTo',
    },
    '@type': 'sc:Dataset',
    conformsTo: 'http://mlcommons.org/croissant/1.1',
    name: `counter-drone-tracks-${part.provider.toLowerCase()}`,
    description: `${part.title}. Synthetic: two Gaussian classes; rcs and speed normalised; label 1 = drone.`,
    license: 'https://spdx.org/licenses/CC-BY-4.0.html',
    url: `https://foedera.example/${part.provider}/counter-drone-tracks`,
    creator: { '@type': 'sc:Organization', name: `${part.provider} armed forces (synthetic demo data)` },
    datePublished: '2026-11-02',
    keywords: ['counter-drone', 'radar', 'classification'],
    'foedera:task': ['binary-classification'],
    'foedera:modality': ['tabular'],
    distribution: [
      {
        '@type': 'cr:FileObject',
        '@id': file,
        name: file,
        contentUrl: file,
        contentSize: `${content.length} B`,
        encodingFormat: 'text/csv',
        sha256: createHash('sha256').update(content).digest('hex'),
      },
    ],
    recordSet: [
      {
        '@type': 'cr:RecordSet',
        '@id': 'tracks',
        name: 'tracks',
        field: [column('rcs', 'sc:Float'), column('speed', 'sc:Float'), column('label', 'sc:Integer')],
      },
    ],
  };
}

/** The body of `POST /v1/datasets` for a part: labelled, offered for compute-to-data only, with its card. */
export function aiDemoDatasetBody(part: AiDemoPart): Record<string, unknown> {
  const content = aiDemoContent(part);
  return {
    id: part.id,
    title: part.title,
    description: `${part.title}. Only code comes to this data: the offer permits compute-to-data, not transfer.`,
    keywords: ['ai', 'counter-drone', 'training'],
    distributions: [
      { format: 'HttpData-PULL', mediaType: 'text/csv', byteSize: content.length, title: 'tracks.csv' },
    ],
    offers: [
      {
        '@id': part.offerId,
        '@type': 'Offer',
        profile: 'https://w3id.org/foedera/odrl',
        permission: [{ action: 'foedera:compute' }],
      },
    ],
    label: label(part.provider),
    card: card(part, content),
  };
}
