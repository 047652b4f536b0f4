/**
 * Typebox schemas of the catalog's management routes, for Fastify's validation and the OpenAPI document. The dataset
 * body is described field by field but checked by `readDatasetInput`, which names the failing field precisely.
 */
import Type from 'typebox';
import { MAX_LIMIT } from './page.ts';

const described = (description: string) => Type.Unknown({ description });

export const DatasetBody = Type.Object(
  {
    id: Type.String({ description: 'Absolute IRI of the dataset, e.g. urn:uuid:…' }),
    title: Type.String({ description: 'dct:title' }),
    description: Type.Optional(described('dct:description (string)')),
    keywords: Type.Optional(described('dcat:keyword (array of strings)')),
    publisher: Type.Optional(described('dct:publisher; defaults to this node')),
    issued: Type.Optional(described('RFC 3339 date-time; defaults to now')),
    modified: Type.Optional(described('RFC 3339 date-time; defaults to now')),
    distributions: described('Non-empty array of { format, mediaType?, byteSize?, title? }'),
    offers: Type.Optional(
      described(
        'Non-empty array of ODRL offers as DSP 2025-1 carries them (a derived dataset: default intersection)',
      ),
    ),
    label: Type.Optional(
      described('STANAG 4774 confidentiality label (JSON form); a derived dataset: default high-water mark'),
    ),
    labelBinding: Type.Optional(described('A label binding made by the publisher; else the node binds one')),
    card: Type.Optional(
      described('Croissant 1.0/1.1 card (JSON-LD), for a dataset meant for machine learning'),
    ),
    dataDigest: Type.Optional(described('Hex SHA-256 of the data, committed to by the version id')),
    derivation: Type.Optional(
      described(
        'For a derived dataset: { inputs: [{ version } | { dataset } | { external }], activity: { type, startedAt, ' +
          'endedAt, agent?, details? } }. Label and offers default to the high-water mark and intersection',
      ),
    ),
  },
  { additionalProperties: true },
);

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 1024 }) });

export const PageQuery = {
  limit: Type.Integer({ minimum: 1, maximum: MAX_LIMIT, default: 50 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
};

export const ListQuery = Type.Object(PageQuery, { additionalProperties: false });

export const CatalogSearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 512, description: 'Words of title, description or keywords' })),
    publisher: Type.Optional(Type.String({ maxLength: 1024 })),
    peer: Type.Optional(
      Type.String({ maxLength: 64, description: 'Only this peer; "local" for own datasets' }),
    ),
    format: Type.Optional(Type.String({ maxLength: 256, description: 'Distribution format or media type' })),
    classification: Type.Optional(
      Type.String({
        pattern: '^[^:]+:.+$',
        description: 'Classified at most POLICY:LEVEL, e.g. "NATO:NATO SECRET"',
      }),
    ),
    releasableTo: Type.Optional(Type.String({ pattern: '^[A-Z]{3,4}$', description: 'ISO 3166-1 alpha-3' })),
    task: Type.Optional(Type.String({ maxLength: 128, description: 'ML task of the Croissant card' })),
    modality: Type.Optional(
      Type.String({ maxLength: 64, description: 'image, text, audio, video, tabular or geospatial' }),
    ),
    minBytes: Type.Optional(Type.Integer({ minimum: 0, description: "Card's total file size at least" })),
    maxBytes: Type.Optional(Type.Integer({ minimum: 0, description: "Card's total file size at most" })),
    field: Type.Optional(Type.String({ maxLength: 256, description: 'A field of the card, by name or id' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);

export type ListQueryType = { limit: number; offset: number };
export type CatalogSearchQueryType = ListQueryType & {
  q?: string;
  publisher?: string;
  peer?: string;
  format?: string;
  classification?: string;
  releasableTo?: string;
  task?: string;
  modality?: string;
  minBytes?: number;
  maxBytes?: number;
  field?: string;
};

export const VersionParams = Type.Object({
  version: Type.String({ pattern: '^sha256:[0-9a-f]{64}$', description: 'A version id' }),
});

/** Checked by the cards module, which names the failing field (e.g. `recordSet[0].field[2].dataType`). */
export const CardBody = Type.Object(
  {},
  { additionalProperties: true, description: 'A Croissant 1.0/1.1 card (JSON-LD on schema.org)' },
);

export const RefreshBody = Type.Object(
  {
    peer: Type.String({ pattern: '^[A-Z][A-Z0-9-]{1,31}$', description: 'Participant id the peer must be' }),
    url: Type.String({
      pattern: '^https://',
      maxLength: 2048,
      description: "Peer's DSP base URL, e.g. https://…/dsp",
    }),
  },
  { additionalProperties: false },
);
