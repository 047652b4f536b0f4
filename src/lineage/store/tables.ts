/** The lineage tables, added to the metadata `Database` by module augmentation (see migration 0500). */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | undefined, Date>;
type Json<T> = ColumnType<T, T, T>;

export type LineageVersionTable = {
  id: string;
  seq: Generated<number>;
  artefact: string;
  kind: string;
  title: string;
  participant: string;
  local: boolean;
  content: Json<unknown>;
  label: Json<unknown>;
  policies: Json<unknown>;
  activity: string | null;
  previous: string | null;
  recorded_at: Timestamp;
};

export type LineageActivityTable = {
  id: string;
  type: string;
  started_at: Date;
  ended_at: Date;
  agent: string;
  participant: string;
  details: Json<unknown>;
};

export type LineageUsedTable = { activity: string; version: string };

declare module '../../store/metadata/database.ts' {
  interface Database {
    lineage_version: LineageVersionTable;
    lineage_activity: LineageActivityTable;
    lineage_used: LineageUsedTable;
  }
}
