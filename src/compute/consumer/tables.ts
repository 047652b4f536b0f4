/** The compute module's tables as Kysely sees them (created by migration 0550-compute-runs). */
import type { ColumnType } from 'kysely';

type Json<T> = ColumnType<T, T, T>;

export type ComputeRunTable = {
  run_id: string;
  provider_run_id: string | null;
  agreement_id: string;
  provider: string;
  dataset_id: string;
  module_sha256: string;
  status: string;
  reason: string | null;
  detail: string | null;
  exit_code: number | null;
  output: Buffer | null;
  output_sha256: string | null;
  label: Json<unknown> | null;
  label_binding: Json<unknown> | null;
  usage: Json<unknown> | null;
  artefact: string | null;
  requested_by: string;
  created_at: ColumnType<Date, Date | undefined, never>;
};

export type TrainingRunTable = {
  run_id: string;
  status: string;
  spec: Json<unknown>;
  rounds: Json<unknown>;
  model: Json<unknown> | null;
  label: Json<unknown> | null;
  detail: string | null;
  artefact: string | null;
  requested_by: string;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
};

declare module '../../store/metadata/database.ts' {
  interface Database {
    compute_run: ComputeRunTable;
    training_run: TrainingRunTable;
  }
}
