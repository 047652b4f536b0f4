/** The protocol's tables, added to the metadata `Database` by module augmentation (see migration 0300). */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | undefined, Date>;
type Json<T> = ColumnType<T, T, T>;

export type DspNegotiationTable = {
  pid: string;
  role: string;
  state: string;
  provider_pid: string | null;
  consumer_pid: string | null;
  counterparty: string;
  counterparty_address: string;
  target: string;
  offer: Json<unknown>;
  offered_by: string;
  agreement: Json<unknown> | null;
  last_received: Json<unknown> | null;
  /** Set when the node owes a decision; the decision worker clears it in the transaction that applies the answer. */
  pending_question: string | null;
  /** Provider side: the consumer's nation (alpha-3) as its certificate named it when the request arrived. */
  counterparty_country: string | null;
  /** Why a negotiation ended the way it did (decision reasons), for the management API. */
  outcome: Json<unknown> | null;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type DspAgreementTable = {
  agreement_id: string;
  negotiation_pid: string;
  provider: string;
  consumer: string;
  target: string;
  agreement: Json<unknown>;
  provider_signature: string | null;
  consumer_signature: string | null;
  /** PEM certificates whose keys verify the signatures (migration 0320). */
  provider_certificate: string | null;
  consumer_certificate: string | null;
  created_at: Timestamp;
};

export type DspTransferTable = {
  pid: string;
  role: string;
  state: string;
  provider_pid: string | null;
  consumer_pid: string;
  counterparty: string;
  counterparty_address: string;
  agreement_id: string;
  format: string;
  data_address: Json<unknown> | null;
  last_received: Json<unknown> | null;
  pending_question: string | null;
  outcome: Json<unknown> | null;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type DspOutboxTable = {
  id: Generated<string>;
  process: string;
  process_pid: string;
  counterparty: string;
  url: string;
  message: Json<unknown>;
  status: ColumnType<string, string | undefined, string>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  lease_until: Date | null;
  last_error: string | null;
  created_at: Timestamp;
  delivered_at: Date | null;
};

declare module '../../store/metadata/database.ts' {
  interface Database {
    dsp_negotiation: DspNegotiationTable;
    dsp_agreement: DspAgreementTable;
    dsp_transfer: DspTransferTable;
    dsp_outbox: DspOutboxTable;
  }
}
