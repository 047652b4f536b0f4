/**
 * Opens (decrypts) a received object for an authorised user into a file. The key comes from the owner or a kept
 * lease (obtain-opening-key.ts); plaintext reaches the file's name only once every segment verified, and each
 * opening, or refusal to open, is written to the audit log.
 */
import type { Result } from '../../shared/result.ts';
import type { BlobStore } from '../../store/blob/port.ts';
import { openToFile } from '../format/open-to-file.ts';
import { blobSegmentReader } from '../transfer/blob-segments.ts';
import { obtainOpeningKey, type OpeningKeyOptions } from './obtain-opening-key.ts';

export type OpenReceivedOptions = OpeningKeyOptions & {
  readonly path: string;
  readonly blobs: BlobStore;
  readonly onProgress?: (bytes: number, total: number) => void;
};

export async function openReceived(
  options: OpenReceivedOptions,
): Promise<Result<{ plaintextSize: number; via: 'grant' | 'lease' }, string>> {
  const key = await obtainOpeningKey(options);
  if (!key.ok) return key;
  const { received, dataKey, via } = key.value;
  const total = received.manifest.body.encryption.plaintextSize;
  const opened = await openToFile({
    manifest: received.manifest,
    dataKey,
    read: blobSegmentReader(options.blobs),
    path: options.path,
    ...(options.onProgress === undefined
      ? {}
      : { onProgress: (bytes: number) => options.onProgress?.(bytes, total) }),
  });
  dataKey.fill(0);
  if (!opened.ok) {
    await key.value.record(opened);
    return opened;
  }
  await key.value.record({ ok: true, value: { bytes: opened.value.plaintextSize } });
  return { ok: true, value: { plaintextSize: opened.value.plaintextSize, via } };
}
