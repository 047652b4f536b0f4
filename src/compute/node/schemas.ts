/** The bodies of the compute module's routes, validated at the edge (TypeBox; OpenAPI is generated from them). */
import Type, { type Static } from 'typebox';

export const VouchedUser = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 256 }),
    nationality: Type.String({ pattern: '^[A-Z]{3}$' }),
    clearances: Type.Array(
      Type.Object({ policy: Type.String({ minLength: 1 }), classification: Type.String({ minLength: 1 }) }),
      { maxItems: 32 },
    ),
    communities: Type.Array(Type.String({ minLength: 1 }), { maxItems: 64 }),
    roles: Type.Array(Type.String({ minLength: 1 }), { maxItems: 64 }),
  },
  { additionalProperties: false },
);

const Args = Type.Array(Type.String({ maxLength: 256 }), { maxItems: 32 });
/** Base64 of a module of at most 8 MiB. */
const ModuleBase64 = Type.String({ minLength: 4, maxLength: 11_184_812, pattern: '^[A-Za-z0-9+/]*={0,2}$' });
const AgreementId = Type.String({ minLength: 1, maxLength: 512 });

/** Consumer → provider, on the protocol surface. */
export const JobBody = Type.Object(
  {
    agreementId: AgreementId,
    module: ModuleBase64,
    args: Type.Optional(Args),
    user: Type.Optional(VouchedUser),
  },
  { additionalProperties: false },
);
export type JobBodyType = Static<typeof JobBody>;

/** Coordinator → provider, on the protocol surface. */
export const RoundBody = Type.Object(
  {
    runId: Type.String({ minLength: 1, maxLength: 256 }),
    round: Type.Integer({ minimum: 1, maximum: 10_000 }),
    agreementId: AgreementId,
    kind: Type.Literal('logistic-regression'),
    weights: Type.Array(Type.Number(), { minItems: 2, maxItems: 4096 }),
    epochs: Type.Integer({ minimum: 1, maximum: 1000 }),
    learningRate: Type.Number({ exclusiveMinimum: 0, maximum: 100 }),
    l2: Type.Number({ minimum: 0, maximum: 10 }),
    labelColumn: Type.String({ minLength: 1, maxLength: 128 }),
    user: Type.Optional(VouchedUser),
  },
  { additionalProperties: false },
);
export type RoundBodyType = Static<typeof RoundBody>;

/** A user of the consumer node asks it to run a job at the provider of an agreement. */
export const RunBody = Type.Object(
  { agreementId: AgreementId, module: ModuleBase64, args: Type.Optional(Args) },
  { additionalProperties: false },
);
export type RunBodyType = Static<typeof RunBody>;

export const RunParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 256 }) });
