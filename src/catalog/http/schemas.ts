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
    offers: described('Non-empty array of ODRL offers as DSP 2025-1 carries them'),
    label: described('STANAG 4774 confidentiality label (JSON form)'),
    labelBinding: Type.Optional(described('A label binding made by the publisher; else the node binds one')),
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
};

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
