/**
 * The structure of a Croissant 1.0 / 1.1 dataset card (MLCommons, JSON-LD on schema.org) in the compact form the
 * specification recommends (its Appendix 1 context: schema.org as `@vocab`, Croissant terms aliased). Open objects:
 * JSON-LD is extensible, and a card may carry properties Foedera does not read. `card.ts` adds the checks a schema
 * cannot express (known data types, unique ids, references that resolve).
 */
import Type, { type Static } from 'typebox';

const Text = (description?: string) =>
  Type.String({ minLength: 1, maxLength: 16384, ...(description === undefined ? {} : { description }) });
const OneOrMany = <T extends Type.TSchema>(item: T, description: string) =>
  Type.Union([item, Type.Array(item, { minItems: 1, maxItems: 256 })], { description });
const Ref = Type.Object({ '@id': Text() }, { additionalProperties: true });
const Node = {
  '@id': Type.Optional(Text('Identifier, unique within the card')),
  name: Type.Optional(Text()),
};

export const CroissantAgent = Type.Object(
  { '@type': Type.Optional(Text('sc:Person or sc:Organization')), name: Text(), url: Type.Optional(Text()) },
  { additionalProperties: true },
);

export const CroissantFile = Type.Object(
  {
    '@type': Type.Union([Type.Literal('cr:FileObject'), Type.Literal('cr:FileSet')], {
      description: 'cr:FileObject (one file) or cr:FileSet (files matched by includes)',
    }),
    ...Node,
    description: Type.Optional(Text()),
    contentUrl: Type.Optional(Text('URL of the file (FileObject)')),
    contentSize: Type.Optional(Text('Size, e.g. "25585843 B" or "1.2 GB" (bytes when no unit)')),
    encodingFormat: Text('Media type of the file(s)'),
    // Hex digest; some publishers (Hugging Face) put a URL explaining why there is none, which is kept as given.
    sha256: Type.Optional(Type.String({ pattern: '^([0-9a-fA-F]{64}|https?://\\S+)$' })),
    md5: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F]{32}$' })),
    containedIn: Type.Optional(OneOrMany(Ref, 'Archive(s) or file set(s) holding this one')),
    includes: Type.Optional(OneOrMany(Text(), 'Glob pattern(s) of the files of a FileSet')),
    excludes: Type.Optional(OneOrMany(Text(), 'Glob pattern(s) excluded from a FileSet')),
  },
  { additionalProperties: true },
);

export const CroissantSource = Type.Object(
  {
    fileObject: Type.Optional(Ref),
    fileSet: Type.Optional(Ref),
    recordSet: Type.Optional(Ref),
    field: Type.Optional(Ref),
    '@id': Type.Optional(Text()),
    extract: Type.Optional(Type.Object({}, { additionalProperties: true })),
    transform: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: true },
);

export const CroissantField = Type.Object(
  {
    '@type': Type.Literal('cr:Field'),
    ...Node,
    description: Type.Optional(Text()),
    dataType: OneOrMany(
      Text(),
      'sc:Text, sc:Integer, sc:ImageObject, cr:BoundingBox, wd:Q…, or an absolute IRI',
    ),
    source: Type.Optional(CroissantSource),
    references: Type.Optional(
      Type.Object(
        { '@id': Type.Optional(Text()), field: Type.Optional(Ref) },
        {
          additionalProperties: true,
          description: 'The referenced field: { "@id" } or { "field": { "@id" } }',
        },
      ),
    ),
    repeated: Type.Optional(Type.Boolean()),
    subField: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }))),
  },
  { additionalProperties: true },
);

export const CroissantRecordSet = Type.Object(
  {
    '@type': Type.Literal('cr:RecordSet'),
    ...Node,
    description: Type.Optional(Text()),
    dataType: Type.Optional(OneOrMany(Text(), 'cr:Split for the record set that lists the splits')),
    key: Type.Optional(OneOrMany(Ref, 'Field(s) whose values identify a record')),
    field: Type.Array(CroissantField, { minItems: 1, maxItems: 1024 }),
    data: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }), { maxItems: 1024 })),
    examples: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: true },
);

export const CroissantCardSchema = Type.Object(
  {
    '@context': Type.Union(
      [Type.Object({}, { additionalProperties: true }), Type.String(), Type.Array(Type.Unknown())],
      {
        description: 'JSON-LD context (the Croissant context of the specification)',
      },
    ),
    '@type': Type.Union([
      Type.Literal('sc:Dataset'),
      Type.Literal('Dataset'),
      Type.Literal('https://schema.org/Dataset'),
    ]),
    conformsTo: Type.Optional(OneOrMany(Text(), 'http://mlcommons.org/croissant/1.0 or …/1.1')),
    'dct:conformsTo': Type.Optional(OneOrMany(Text(), 'http://mlcommons.org/croissant/1.0 or …/1.1')),
    name: Text('Name of the dataset'),
    description: Text('Description of the dataset'),
    license: OneOrMany(
      Type.Union([Text(), Type.Object({}, { additionalProperties: true })]),
      'Licence URL(s), e.g. SPDX',
    ),
    url: Text('Web page of the dataset'),
    creator: OneOrMany(CroissantAgent, 'Creator(s): sc:Person or sc:Organization'),
    datePublished: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}([T ][0-9:.]+(Z|[+-]\\d{2}:?\\d{2})?)?$' }),
    keywords: Type.Optional(OneOrMany(Text(), 'Keywords')),
    version: Type.Optional(Type.Union([Text(), Type.Number()])),
    citeAs: Type.Optional(Text()),
    distribution: Type.Array(CroissantFile, { minItems: 1, maxItems: 1024 }),
    recordSet: Type.Optional(Type.Array(CroissantRecordSet, { maxItems: 256 })),
    'foedera:task': Type.Optional(OneOrMany(Text(), 'ML task(s), e.g. "object-detection"')),
    'foedera:modality': Type.Optional(
      OneOrMany(Text(), 'Modality(ies): image, text, audio, video, tabular, …'),
    ),
  },
  { additionalProperties: true, description: 'A Croissant 1.0/1.1 dataset card (JSON-LD)' },
);

export type CroissantCard = Static<typeof CroissantCardSchema>;
export type CroissantFileNode = Static<typeof CroissantFile>;
export type CroissantFieldNode = Static<typeof CroissantField>;
export type CroissantRecordSetNode = Static<typeof CroissantRecordSet>;
