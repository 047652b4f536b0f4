/**
 * The consumer's view of a transfer's data: what the pull worker recorded, and how much of the object the blob
 * store already holds. Counting from the store (not from a counter) keeps the figure right across restarts.
 */
import type { BlobStore } from '../../store/blob/port.ts';
import type { MetadataStore } from '../../store/metadata/port.ts';
import '../../protocol/store/tables.ts';
import '../service/tables.ts';
import { findReceived } from '../transfer/receive.ts';

export type TransferProgress = {
  readonly transfer: string;
  readonly state: 'waiting' | 'pulling' | 'receiving' | 'received' | 'failed';
  readonly transferState: string;
  readonly objectId: string | null;
  readonly segments: { readonly total: number; readonly received: number };
  readonly bytes: { readonly total: number; readonly received: number };
  readonly attempts: number;
  readonly error: string | null;
};

export async function transferProgress(
  store: MetadataStore,
  options: { blobs: BlobStore; pid: string },
): Promise<TransferProgress | undefined> {
  const row = await store.db
    .selectFrom('dsp_transfer')
    .leftJoin('dataplane_inbound', 'dataplane_inbound.transfer_pid', 'dsp_transfer.pid')
    .select([
      'dsp_transfer.pid',
      'dsp_transfer.state as transferState',
      'dataplane_inbound.state',
      'dataplane_inbound.object_id',
      'dataplane_inbound.attempts',
      'dataplane_inbound.error',
    ])
    .where('dsp_transfer.pid', '=', options.pid)
    .where('dsp_transfer.role', '=', 'consumer')
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const segments = { total: 0, received: 0 };
  const bytes = { total: 0, received: 0 };
  const received = row.object_id === null ? undefined : await findReceived(store.db, row.object_id);
  for (const segment of received?.manifest.body.integrity.segments ?? []) {
    segments.total += 1;
    bytes.total += segment.size;
    if (await options.blobs.has(segment.hash)) {
      segments.received += 1;
      bytes.received += segment.size;
    }
  }
  return {
    transfer: row.pid,
    state: row.state ?? 'waiting',
    transferState: row.transferState,
    objectId: row.object_id ?? null,
    segments,
    bytes,
    attempts: row.attempts ?? 0,
    error: row.error ?? null,
  };
}
