/** Request and response schemas of the audit routes (typebox, so they also appear in the OpenAPI document). */
import Type from 'typebox';
import { AUDIT_KIND_PATTERN } from '../entry/kinds.ts';

export const Base64Hash = Type.String({ pattern: '^[A-Za-z0-9+/]{43}=$' });
export const Proof = Type.Object({ proof: Type.Array(Base64Hash) });
const Index = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

export const ConsistencyQuery = Type.Object({ first: Index, second: Index }, { additionalProperties: false });
export const InclusionQuery = Type.Object(
  { index: Index, size: Type.Optional(Index) },
  { additionalProperties: false },
);

export const AddCheckpointBody = Type.Object(
  {
    oldSize: Index,
    proof: Type.Array(Base64Hash, { maxItems: 64 }),
    checkpoint: Type.String({ maxLength: 65536 }),
  },
  { additionalProperties: false },
);

export const CosignaturesBody = Type.Object(
  { note: Type.String({ maxLength: 65536 }) },
  { additionalProperties: false },
);

export const EntryQueryString = Type.Object(
  {
    kind: Type.Optional(Type.String({ pattern: AUDIT_KIND_PATTERN })),
    family: Type.Optional(Type.String({ pattern: '^[a-z]+$' })),
    actor: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
    subject: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    before: Type.Optional(Index),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
);

export const ExportQuery = Type.Object(
  { start: Index, end: Index, size: Type.Optional(Index), since: Type.Optional(Index) },
  { additionalProperties: false },
);
