/**
 * Withdrawing a dataset from the node's catalog: the row goes and its `dataset.deleted` audit entry is appended in
 * one transaction, so no dataset leaves the catalog unrecorded and no entry records a withdrawal that did not
 * happen (a failed append rolls the delete back).
 */
import { appendAudit } from '../../audit/store/append.ts';
import { labelText } from '../../lineage/derive.ts';
import type { MetadataStore } from '../../store/metadata/port.ts';
import type { CatalogDataset } from '../dataset.ts';
import { deleteDataset, getDataset } from './dataset-repository.ts';

/** The withdrawn dataset, or undefined when the catalog holds none with that id (nothing is written then). */
export function withdrawDataset(
  store: MetadataStore,
  options: { id: string; node: string; actor: string; now: Date },
): Promise<CatalogDataset | undefined> {
  return store.transaction(async (trx) => {
    const dataset = await getDataset(trx, options.id);
    if (dataset === undefined || !(await deleteDataset(trx, options.id))) return undefined;
    await appendAudit(trx, {
      time: options.now.toISOString(),
      node: options.node,
      kind: 'dataset.deleted',
      actor: options.actor,
      subject: `dataset:${options.id}`,
      details: { dataset: options.id, label: labelText(dataset.label) },
    });
    return dataset;
  });
}
