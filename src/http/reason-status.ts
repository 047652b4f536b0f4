/**
 * The one table from domain refusal reasons and error codes to HTTP status. Modules add their rows through
 * `RoutePlugin.reasons`; a reason nobody mapped is a refusal of the request as such (422).
 */
export const BASE_REASON_STATUS: Readonly<Record<string, number>> = {
  'invalid-input': 400,
  'token-missing': 401,
  'token-malformed': 401,
  'token-expired': 401,
  'token-invalid': 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'crl-malformed': 400,
  'crl-foreign-issuer': 422,
  'crl-bad-signature': 422,
  'crl-stale': 409,
  'peer-refused': 502,
  'store-unavailable': 503,
  internal: 500,
};

export type ReasonTable = (reason: string) => number;

export function reasonTable(extra: readonly Readonly<Record<string, number>>[]): ReasonTable {
  const table = new Map(Object.entries(BASE_REASON_STATUS));
  for (const rows of extra) {
    for (const [reason, status] of Object.entries(rows)) {
      const existing = table.get(reason);
      if (existing !== undefined && existing !== status) {
        throw new Error(`Cannot map reason "${reason}" to ${status}: already mapped to ${existing}`);
      }
      table.set(reason, status);
    }
  }
  return (reason) => table.get(reason) ?? 422;
}
