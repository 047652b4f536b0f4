/** The user on whose behalf this node asks a provider, as this node vouches for them from their verified token. */
import type { User } from '../../policy/request.ts';
import type { UserClaims } from '../../trust/tokens/claims.ts';

export function vouchedUser(claims: UserClaims): User {
  return {
    id: claims.subject,
    nationality: claims.nationality,
    clearances: Object.entries(claims.clearances).map(([policy, classification]) => ({
      policy,
      classification,
    })),
    communities: [...claims.coi],
    roles: [...claims.roles],
  };
}
