/** The audit module's refusal reasons and error codes, and their HTTP status (merged into the node's table). */
export const AUDIT_REASONS: Readonly<Record<string, number>> = {
  'audit-out-of-range': 404,
  'audit-invalid-entry': 422,
  'audit-corrupt-tree': 500,
  'audit-corrupt-entry': 500,
  'audit-unknown-log': 403,
  'audit-size-conflict': 409,
  'audit-fork-detected': 409,
  'unknown-checkpoint': 404,
  'malformed-note': 400,
  'malformed-checkpoint': 400,
  'wrong-origin': 403,
  'not-signed-by-log': 403,
  'forged-signature': 403,
};
