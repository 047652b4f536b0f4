/**
 * The provider's plaintext of a dataset, for code that comes to the data: the dataset's latest encrypted object
 * (data plane, migration 0400), its data key unsealed with the node's master key, its segments read from the blob
 * store and checked as any receiver checks them. The plaintext exists only in memory (a training round) or in a
 * job's own temporary directory, which is removed when the job ends.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decryptSegments } from '../../dataplane/format/decrypt-segments.ts';
import { openToFile } from '../../dataplane/format/open-to-file.ts';
import { unsealDataKey, type MasterKey } from '../../dataplane/service/master-key.ts';
import type { OwnedObject } from '../../dataplane/service/owned-objects.ts';
import { blobSegmentReader } from '../../dataplane/transfer/blob-segments.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { BlobStore } from '../../store/blob/port.ts';

export type ContentSource = {
  readonly blobs: BlobStore;
  readonly master: MasterKey;
};

/** The name of the dataset's file in a job's view: `/data/dataset`. */
export const DATASET_FILE = 'dataset';

export async function readContent(
  source: ContentSource,
  object: OwnedObject,
): Promise<Result<Buffer, 'content-unreadable'>> {
  const body = object.manifest.body;
  const dataKey = unsealDataKey(source.master, {
    sealed: object.sealedDataKey,
    objectId: body.objectId,
    owner: body.owner,
  });
  const chunks: Buffer[] = [];
  try {
    const opened = await decryptSegments({
      manifest: object.manifest,
      dataKey,
      read: blobSegmentReader(source.blobs),
      sink: async (chunk) => {
        // The decrypter reuses its buffer once the sink returns.
        chunks.push(Buffer.from(chunk));
      },
    });
    if (!opened.ok) {
      return err('content-unreadable', `Cannot read dataset "${object.datasetId}": ${opened.detail}`);
    }
    return ok(Buffer.concat(chunks));
  } finally {
    dataKey.fill(0);
  }
}

/**
 * A fresh directory holding only the dataset's plaintext as `dataset`, decrypted segment by segment straight into the
 * file (at most one segment in memory) and made read-only; `remove()` deletes it.
 */
export async function openView(
  source: ContentSource,
  object: OwnedObject,
): Promise<Result<{ readonly dir: string; readonly remove: () => Promise<void> }, 'content-unreadable'>> {
  const dir = await mkdtemp(join(tmpdir(), `foedera-job-${randomBytes(4).toString('hex')}-`));
  const remove = () => rm(dir, { recursive: true, force: true });
  const body = object.manifest.body;
  const dataKey = unsealDataKey(source.master, {
    sealed: object.sealedDataKey,
    objectId: body.objectId,
    owner: body.owner,
  });
  try {
    const path = join(dir, DATASET_FILE);
    const opened = await openToFile({
      manifest: object.manifest,
      dataKey,
      read: blobSegmentReader(source.blobs),
      path,
    });
    if (!opened.ok) {
      await remove();
      return err('content-unreadable', `Cannot read dataset "${object.datasetId}": ${opened.detail}`);
    }
    await chmod(path, 0o400);
    return ok({ dir, remove });
  } catch (error) {
    await remove();
    throw error;
  } finally {
    dataKey.fill(0);
  }
}
