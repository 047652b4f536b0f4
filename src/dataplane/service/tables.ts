/** The data plane's tables as Kysely sees them (created by migrations 0400-dataplane-objects and 0410-dataplane-transfers). */
import type { ColumnType } from 'kysely';

export type DataplaneObjectTable = {
  object_id: string;
  dataset_id: string;
  owner: string;
  manifest: unknown;
  sealed_data_key: Buffer;
  master_kid: string;
  created_at: ColumnType<Date, Date | undefined, never>;
};

export type ReceivedState = 'receiving' | 'complete';

export type DataplaneReceivedTable = {
  object_id: string;
  owner: string;
  agreement_id: string;
  manifest: unknown;
  state: ReceivedState;
  lease: string | null;
  received_at: Date | null;
  updated_at: ColumnType<Date, Date | undefined, Date>;
};

/** `receiving`: a provider pushes the object (push transfer); `pulling`: this node pulls it. */
export type InboundState = 'pulling' | 'receiving' | 'received' | 'failed';

export type DataplaneInboundTable = {
  transfer_pid: string;
  agreement_id: string;
  provider: string;
  endpoint: string;
  object_id: string | null;
  state: InboundState;
  segments_total: ColumnType<number, number | undefined, number>;
  segments_received: ColumnType<number, number | undefined, number>;
  /** bigint: PostgreSQL and PGlite answer it as a string. */
  bytes_total: ColumnType<string | number, number | undefined, number>;
  bytes_received: ColumnType<string | number, number | undefined, number>;
  attempts: ColumnType<number, number | undefined, number>;
  error: string | null;
  next_attempt_at: ColumnType<Date, Date | undefined, Date>;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
};

export type DataplaneRevocationTable = {
  agreement_id: string;
  reason: string;
  actor: string;
  revoked_at: Date;
};

declare module '../../store/metadata/database.ts' {
  interface Database {
    dataplane_object: DataplaneObjectTable;
    dataplane_received: DataplaneReceivedTable;
    dataplane_inbound: DataplaneInboundTable;
    dataplane_revocation: DataplaneRevocationTable;
  }
}
