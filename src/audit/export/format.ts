/**
 * An audit export: a range of entries, each with its inclusion proof in the tree of `treeSize` entries. Each entry
 * stands on its own against the checkpoint's root, which is what lets the verifier name the exact entry that fails.
 */
import Type from 'typebox';

export const EXPORT_FORMAT = 'foedera-audit-export/v1';

const Base64Hash = Type.String({ pattern: '^[A-Za-z0-9+/]{43}=$' });

export const AuditExportSchema = Type.Object(
  {
    format: Type.Literal(EXPORT_FORMAT),
    origin: Type.String({ minLength: 1 }),
    treeSize: Type.Integer({ minimum: 0 }),
    start: Type.Integer({ minimum: 0 }),
    end: Type.Integer({ minimum: 0 }),
    entries: Type.Array(
      Type.Object(
        { entry: Type.Unknown(), proof: Type.Array(Base64Hash, { maxItems: 64 }) },
        { additionalProperties: false },
      ),
    ),
    /**
     * Optional: a consistency proof from an earlier tree size to `treeSize`, so that an auditor who kept an earlier
     * checkpoint of the log can check the export's history extends it (`foedera audit verify --previous`).
     */
    consistency: Type.Optional(
      Type.Object(
        { first: Type.Integer({ minimum: 0 }), proof: Type.Array(Base64Hash, { maxItems: 128 }) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export type AuditExport = Type.Static<typeof AuditExportSchema>;
