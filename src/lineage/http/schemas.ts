/** Typebox schemas of the lineage routes, for Fastify's validation, the OpenAPI document and the console's types. */
import Type from 'typebox';

const Ref = Type.Object({ '@id': Type.String() }, { additionalProperties: true });
const Time = Type.Object({ '@value': Type.String(), '@type': Type.String() }, { additionalProperties: true });

/** One node of the PROV graph: an entity (version), an activity or an agent; properties by node type. */
export const ProvNode = Type.Object(
  {
    '@id': Type.String(),
    '@type': Type.Union([Type.String(), Type.Array(Type.String())]),
    'dct:isVersionOf': Type.Optional(Ref),
    'dct:title': Type.Optional(Type.String()),
    'prov:wasAttributedTo': Type.Optional(Ref),
    'prov:generatedAtTime': Type.Optional(Time),
    'prov:wasGeneratedBy': Type.Optional(Ref),
    'prov:wasDerivedFrom': Type.Optional(Type.Array(Ref)),
    'prov:wasRevisionOf': Type.Optional(Ref),
    'foedera:confidentialityLabel': Type.Optional(Type.Object({}, { additionalProperties: true })),
    'foedera:classification': Type.Optional(Type.String()),
    'foedera:local': Type.Optional(Type.Boolean()),
    'foedera:activityType': Type.Optional(Type.String()),
    'prov:startedAtTime': Type.Optional(Time),
    'prov:endedAtTime': Type.Optional(Time),
    'prov:wasAssociatedWith': Type.Optional(Ref),
    'prov:used': Type.Optional(Type.Array(Ref)),
  },
  { additionalProperties: true },
);

export const LineageGraphSchema = Type.Object(
  {
    '@context': Type.Object({}, { additionalProperties: true }),
    'foedera:focus': Ref,
    '@graph': Type.Array(ProvNode),
    'foedera:truncated': Type.Boolean(),
  },
  { additionalProperties: true, description: 'W3C PROV-O lineage graph (JSON-LD)' },
);

export const LineageParams = Type.Object({
  id: Type.String({
    minLength: 1,
    maxLength: 1024,
    description: 'A version id (sha256:…) or an artefact IRI',
  }),
});

export const LineageQuery = Type.Object(
  { depth: Type.Optional(Type.Integer({ minimum: 1, maximum: 64, default: 16 })) },
  { additionalProperties: false },
);

const described = (description: string) => Type.Unknown({ description });

export const DerivationBody = Type.Object(
  {
    artefact: Type.String({ minLength: 1, maxLength: 1024, description: 'IRI of the derived artefact' }),
    kind: Type.Union([Type.Literal('dataset'), Type.Literal('model'), Type.Literal('result')]),
    title: Type.String({ minLength: 1, maxLength: 1024 }),
    dataDigest: Type.Optional(
      Type.String({ pattern: '^[0-9a-f]{64}$', description: 'Hex SHA-256 of the bytes' }),
    ),
    metadata: Type.Optional(Type.Object({}, { additionalProperties: true })),
    label: Type.Optional(
      described('Declared label; refused unless it dominates every input. Default: high-water mark'),
    ),
    policies: Type.Optional(
      described('Declared ODRL offers; refused if weaker than the inputs. Default: intersection'),
    ),
    inputs: described(
      'Non-empty array of { version } | { dataset } | { external: { artefact, participant, label, policies } }',
    ),
    activity: described('{ type, startedAt, endedAt, agent?, details? } (RFC 3339 times)'),
  },
  { additionalProperties: false },
);

export const DerivationAnswer = Type.Object(
  {
    version: Type.String(),
    created: Type.Boolean(),
    activity: Type.String(),
    label: Type.Object({}, { additionalProperties: true }),
    highWaterMark: Type.Object({}, { additionalProperties: true }),
    policies: Type.Array(Type.Object({}, { additionalProperties: true })),
  },
  { additionalProperties: true },
);

export const ArtefactListQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) },
  { additionalProperties: false },
);

export const ArtefactList = Type.Object({
  items: Type.Array(
    Type.Object({
      artefact: Type.String(),
      kind: Type.String({ description: 'dataset, model or result' }),
      title: Type.String(),
      version: Type.String({ description: 'Its latest version id' }),
      classification: Type.String(),
      derived: Type.Boolean({ description: 'Whether the latest version was derived from inputs' }),
      recordedAt: Type.String(),
    }),
  ),
});
