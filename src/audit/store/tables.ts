/** The audit module's tables, added to the metadata schema by augmentation (migrations 0200-audit-log, 0210-audit-peer-keys). */
import type { ColumnType, Generated, Kysely, Transaction } from 'kysely';
import type { Database } from '../../store/metadata/database.ts';

/** int8 reads as a string on both adapters; numbers go in. */
type Int8 = ColumnType<string, number | string, number | string>;

export type AuditEntryTable = {
  idx: Int8;
  time: ColumnType<Date, Date | string, Date | string>;
  kind: string;
  actor: string;
  subject: string;
  body: string;
};

export type AuditNodeTable = { level: number; idx: Int8; hash: Buffer };

export type AuditTreeTable = { id: number; size: Int8; root: Buffer; frontier: Buffer };

export type AuditCheckpointTable = {
  size: Int8;
  root: Buffer;
  note: string;
  created_at: ColumnType<Date, Date | undefined, Date>;
};

export type AuditPeerCheckpointTable = {
  origin: string;
  size: Int8;
  root: Buffer;
  note: string;
  updated_at: ColumnType<Date, Date, Date>;
};

export type AuditAlarmTable = {
  id: Generated<string>;
  origin: string;
  reason: string;
  detail: string;
  evidence: unknown;
  raised_at: ColumnType<Date, Date, Date>;
};

/** Keys of a peer learned from the federation, pinned on first contact over mutual TLS (migration 0210). */
export type AuditPeerKeyTable = {
  participant: string;
  url: string;
  log_key: string;
  witness_key: string;
  source: string;
  pinned_at: ColumnType<Date, Date, Date>;
};

declare module '../../store/metadata/database.ts' {
  interface Database {
    audit_entry: AuditEntryTable;
    audit_node: AuditNodeTable;
    audit_tree: AuditTreeTable;
    audit_checkpoint: AuditCheckpointTable;
    audit_peer_checkpoint: AuditPeerCheckpointTable;
    audit_alarm: AuditAlarmTable;
    audit_peer_key: AuditPeerKeyTable;
  }
}

/** A handle that can query: the store's root `db` or a transaction. */
export type Db = Kysely<Database> | Transaction<Database>;
