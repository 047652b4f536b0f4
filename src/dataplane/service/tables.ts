/** The data plane's tables as Kysely sees them (created by migration 0400-dataplane-objects). */
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

declare module '../../store/metadata/database.ts' {
  interface Database {
    dataplane_object: DataplaneObjectTable;
    dataplane_received: DataplaneReceivedTable;
  }
}
