/** Schemas of the data plane's management API: what the edge validates and what the OpenAPI document shows. */
import Type from 'typebox';

export const DatasetParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 512 }) });
export const ObjectParams = Type.Object({ objectId: Type.String({ minLength: 1, maxLength: 256 }) });
export const TransferParams = Type.Object({ pid: Type.String({ minLength: 1, maxLength: 512 }) });
export const OpenQuery = Type.Object({
  purpose: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 512,
      pattern: '^[^\\s]+$',
      description:
        "The purpose of this use, put to the owner's decision point; defaults to the purpose declared when the agreement was negotiated",
      examples: ['demand-forecasting'],
    }),
  ),
});
export const AgreementParams = Type.Object({ agreementId: Type.String({ minLength: 1, maxLength: 512 }) });

export const RevocationBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 2000, description: 'Why the agreement is revoked' }) },
  { additionalProperties: false },
);

export const Revocation = Type.Object({
  agreementId: Type.String(),
  reason: Type.String(),
  actor: Type.String(),
  revokedAt: Type.String({ format: 'date-time' }),
});

export const PutContentAnswer = Type.Object({
  objectId: Type.String(),
  datasetId: Type.String(),
  plaintextSize: Type.Integer(),
  segments: Type.Integer(),
  root: Type.String({ description: 'RFC 9162 Merkle root over the segment hashes (hex)' }),
  label: Type.Unknown(),
});

const Count = Type.Object({ total: Type.Integer(), received: Type.Integer() });

export const Progress = Type.Object({
  transfer: Type.String(),
  state: Type.Union([
    Type.Literal('waiting'),
    Type.Literal('pulling'),
    Type.Literal('receiving'),
    Type.Literal('received'),
    Type.Literal('failed'),
  ]),
  transferState: Type.String({ description: 'The DSP transfer process state' }),
  objectId: Type.Union([Type.String(), Type.Null()]),
  segments: Count,
  bytes: Count,
  attempts: Type.Integer(),
  error: Type.Union([Type.String(), Type.Null()]),
});

export const ReceivedItem = Type.Object({
  objectId: Type.String(),
  owner: Type.String(),
  agreementId: Type.String(),
  state: Type.String(),
  transfer: Type.Union([Type.String(), Type.Null()]),
  plaintextSize: Type.Integer(),
  lease: Type.Boolean({ description: 'Whether an offline key lease is kept' }),
});

export const ReceivedList = Type.Object({ items: Type.Array(ReceivedItem) });
