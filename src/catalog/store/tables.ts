/** The catalog's tables, added to the metadata `Database` by module augmentation (see migration 0310). */
import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | undefined, Date>;
type Json<T> = ColumnType<T, T, T>;

export type CatalogDatasetTable = {
  id: string;
  publisher: string;
  title: string;
  label_policy: string;
  label_classification: string;
  document: Json<unknown>;
  modified: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type CatalogPeerTable = {
  peer: string;
  /** When the cached catalog was fetched; null until a fetch succeeded. */
  fetched_at: Date | null;
  tried_at: Timestamp;
  status: 'fresh' | 'failed';
  detail: string | null;
  dataset_count: ColumnType<number, number | undefined, number>;
  /** The peer's DSP endpoint its last fetched catalog named (migration 0330). */
  endpoint: ColumnType<string | null, string | null | undefined, string | null>;
};

export type CatalogPeerDatasetTable = {
  peer: string;
  dataset_id: string;
  publisher: string;
  document: Json<unknown>;
  fetched_at: Timestamp;
};

declare module '../../store/metadata/database.ts' {
  interface Database {
    catalog_dataset: CatalogDatasetTable;
    catalog_peer: CatalogPeerTable;
    catalog_peer_dataset: CatalogPeerDatasetTable;
  }
}
