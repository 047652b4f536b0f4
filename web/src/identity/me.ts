/**
 * The signed-in user as GET /v1/me describes them. The route declares no response schema yet, so its body is
 * checked here rather than trusted.
 */
export type Me = {
  readonly subject: string;
  readonly participant: string;
  readonly nationality: string;
  readonly clearances: Readonly<Record<string, string>>;
  readonly coi: readonly string[];
  readonly roles: readonly string[];
  readonly expiresAt: string;
};

const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

export function readMe(value: unknown): Me | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const clearances = v.clearances;
  if (
    typeof v.subject !== 'string' ||
    typeof v.participant !== 'string' ||
    typeof v.nationality !== 'string' ||
    typeof v.expiresAt !== 'string' ||
    !strings(v.coi) ||
    !strings(v.roles) ||
    typeof clearances !== 'object' ||
    clearances === null ||
    !Object.values(clearances).every((c) => typeof c === 'string')
  )
    return undefined;
  return {
    subject: v.subject,
    participant: v.participant,
    nationality: v.nationality,
    clearances: clearances as Record<string, string>,
    coi: v.coi,
    roles: v.roles,
    expiresAt: v.expiresAt,
  };
}
