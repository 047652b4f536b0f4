/**
 * The attributes a user token carries, as the policy decision point reads them. Clearances are per classification
 * policy (`{ "FRA": "SECRET", "NATO": "NATO SECRET" }`): a national clearance says nothing about a NATO one.
 */
import Type, { type Static } from 'typebox';

export const ClearancesSchema = Type.Record(
  Type.String({ pattern: '^[A-Z][A-Z0-9-]*$' }),
  Type.String({ minLength: 1 }),
);

export const UserAttributesSchema = Type.Object(
  {
    nationality: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 3166-1 alpha-3' }),
    clearances: ClearancesSchema,
    coi: Type.Array(Type.String({ minLength: 1 }), { description: 'Communities of interest' }),
    roles: Type.Array(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);
export type UserAttributes = Static<typeof UserAttributesSchema>;

/** What a verified token yields: the user, the participant whose identity provider vouches for them, attributes. */
export type UserClaims = UserAttributes & {
  readonly subject: string;
  readonly participant: string;
  readonly issuer: string;
  readonly expiresAt: Date;
};

/** Custom claim names, namespaced so that an external OIDC provider's mapping is unambiguous. */
export const CLAIM = {
  participant: 'foedera:participant',
  nationality: 'foedera:nationality',
  clearances: 'foedera:clearances',
  coi: 'foedera:coi',
  roles: 'foedera:roles',
} as const;
