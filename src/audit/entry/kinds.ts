/**
 * What an audit entry records. A kind is `<family>.<action>`: the family is fixed here so every module audits
 * into a known bucket (and search can filter by family); the action is the module's own verb.
 */
export const AUDIT_FAMILIES = [
  'decision',
  'negotiation',
  'transfer',
  'key',
  'label',
  'dataset',
  'user',
  'participant',
  'policy',
  'catalog',
  'node',
  'audit',
] as const;

export type AuditFamily = (typeof AUDIT_FAMILIES)[number];

/** Every decision is audited, permit and deny alike; other families name their own actions. */
export type AuditKind = 'decision.permit' | 'decision.deny' | `${Exclude<AuditFamily, 'decision'>}.${string}`;

export const AUDIT_KIND_PATTERN = `^(decision\\.(permit|deny)|(${AUDIT_FAMILIES.filter((f) => f !== 'decision').join('|')})\\.[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*)$`;

const kindRegExp = new RegExp(AUDIT_KIND_PATTERN);

export function isAuditKind(value: string): value is AuditKind {
  return kindRegExp.test(value);
}

export function familyOf(kind: AuditKind): AuditFamily {
  return kind.slice(0, kind.indexOf('.')) as AuditFamily;
}
