/**
 * Puts a dataset's content: the upload stream is sealed segment by segment into the blob store (never the whole
 * body in memory), bound to the dataset's confidentiality label from the catalog, signed by the node, and recorded
 * as an object of the dataset with its data key sealed under the master key, in one transaction with its audit entry.
 */
import { getDataset } from '../../catalog/index.ts';
import type { NodeContext } from '../../node/context.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { sealObject } from '../format/seal-object.ts';
import { saveOwnedObject } from '../service/owned-objects.ts';
import { blobSegmentSink } from '../transfer/blob-segments.ts';
import type { DataPlaneNode } from '../node/dataplane-node.ts';

export type PutContent = {
  readonly objectId: string;
  readonly datasetId: string;
  readonly plaintextSize: number;
  readonly segments: number;
  readonly root: string;
  readonly label: unknown;
};

export async function putDatasetContent(options: {
  context: NodeContext;
  node: DataPlaneNode;
  datasetId: string;
  source: AsyncIterable<Uint8Array>;
  actor: string;
  keyServiceUrl: string;
}): Promise<Result<PutContent, 'unknown-dataset'>> {
  const { context, node, datasetId } = options;
  const store = context.stores.metadata;
  const dataset = await getDataset(store.db, datasetId);
  if (dataset === undefined) {
    return err('unknown-dataset', `Cannot put content of dataset "${datasetId}": not in this node's catalog`);
  }
  const sealed = await sealObject({
    source: options.source,
    sink: blobSegmentSink(context.stores.blobs),
    label: dataset.label,
    labelBinder: node.labelBinder,
    signingKey: node.materials.signingKey,
    keyServiceUrl: options.keyServiceUrl,
    now: context.clock(),
  });
  const body = sealed.manifest.body;
  try {
    await store.transaction(async (trx) => {
      await saveOwnedObject(trx, {
        manifest: sealed.manifest,
        datasetId,
        dataKey: sealed.dataKey,
        master: node.materials.master,
      });
      await node.audit(trx, {
        time: context.clock().toISOString(),
        node: node.participant,
        kind: 'dataset.content-put',
        actor: options.actor,
        subject: `object:${body.objectId}`,
        details: {
          dataset: datasetId,
          root: body.integrity.root,
          plaintextSize: body.encryption.plaintextSize,
          segments: body.integrity.segments.length,
        },
      });
    });
  } finally {
    sealed.dataKey.fill(0);
  }
  return ok({
    objectId: body.objectId,
    datasetId,
    plaintextSize: body.encryption.plaintextSize,
    segments: body.integrity.segments.length,
    root: body.integrity.root,
    label: body.label.value,
  });
}
