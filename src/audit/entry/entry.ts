/** The audit entry: what a leaf of the log commits to. Version 1. */
import Type from 'typebox';
import { AUDIT_KIND_PATTERN, type AuditKind } from './kinds.ts';

export const ENTRY_VERSION = 1;

/** JSON values only: details must survive canonicalisation unchanged. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** What a module hands to `appendAudit`: the log assigns `index` and the version when it integrates the entry. */
export type AuditEntryInput = {
  /** When the audited act happened (the caller's clock), ISO 8601 UTC. */
  readonly time: string;
  /** The participant that runs the node keeping the log (its identifier in the federation register). */
  readonly node: string;
  readonly kind: AuditKind;
  /** Who acted: a user, a peer participant or a node component, e.g. `user:alice@fra` or `participant:DEU`. */
  readonly actor: string;
  /** What the act was about, e.g. `dataset:d-42`, `agreement:a-7`, `transfer:t-3`. */
  readonly subject: string;
  readonly details: { readonly [key: string]: JsonValue };
};

export type AuditEntry = AuditEntryInput & { readonly v: typeof ENTRY_VERSION; readonly index: number };

const IDENT = { minLength: 1, maxLength: 512 } as const;

export const AuditEntrySchema = Type.Object(
  {
    v: Type.Literal(ENTRY_VERSION),
    index: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
    time: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z$' }),
    node: Type.String(IDENT),
    kind: Type.String({ pattern: AUDIT_KIND_PATTERN }),
    actor: Type.String(IDENT),
    subject: Type.String(IDENT),
    details: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: false },
);
