/**
 * What a requesting participant may see of a catalog: only the datasets whose label is releasable to it. The filter
 * runs before anything is counted, paged or serialised, so that neither a listing, a page count nor a lookup by id
 * reveals the existence of a dataset to a participant it is not releasable to.
 *
 * A participant is judged like the decision point judges it when a user acts through it: its nation must be in every
 * `Releasable To`-like category and, when its certificate carries facility clearances, one of them must reach the
 * classification. RESTRICTIVE values (communities of interest) belong to users and are checked at access time.
 */
import {
  checkCompiledAccess,
  compileLabel,
  type CompiledLabel,
  type CompiledSubject,
  type PolicyRegistry,
} from '../labels/index.ts';
import { FoederaError } from '../shared/errors.ts';
import type { CatalogDataset } from './dataset.ts';

const views = new WeakMap<CompiledLabel, CompiledLabel>();

function listingView(label: CompiledLabel, requireClearance: boolean): CompiledLabel {
  let view = views.get(label);
  if (view === undefined) {
    view = Object.freeze({ ...label, permissive: [], restrictive: [] });
    views.set(label, view);
  }
  return requireClearance ? view : Object.freeze({ ...view, clearanceRequired: false });
}

/** Whether `requester` may learn that a dataset labelled `label` exists. An unreadable label is never listed. */
export function isListable(requester: CompiledSubject, label: CompiledLabel): boolean {
  return checkCompiledAccess(requester, listingView(label, requester.clearances.length > 0)).ok;
}

export type ListedDataset<D extends CatalogDataset = CatalogDataset> = {
  readonly dataset: D;
  readonly label: CompiledLabel;
};

/**
 * The datasets `requester` may see, in the order given. Labels are compiled here unless the caller passes a cache
 * (`compiled`); a label the registry cannot read hides its dataset (fail closed).
 */
export function visibleDatasets<D extends CatalogDataset>(options: {
  datasets: readonly D[];
  requester: CompiledSubject;
  registry: PolicyRegistry;
  compiled?: (dataset: D) => CompiledLabel | undefined;
}): D[] {
  const { datasets, requester, registry } = options;
  if (requester.registry !== registry) {
    throw new FoederaError(
      'registry-mismatch',
      'Cannot filter a catalog: the requester was compiled against another registry',
    );
  }
  const out: D[] = [];
  for (const dataset of datasets) {
    let label = options.compiled?.(dataset);
    if (label === undefined) {
      const result = compileLabel(dataset.label, registry);
      if (!result.ok) continue;
      label = result.value;
    }
    if (isListable(requester, label)) out.push(dataset);
  }
  return out;
}

/** One dataset by id, only when it exists and is visible to `requester`: the two cases answer alike. */
export function visibleDataset<D extends CatalogDataset>(options: {
  dataset: D | undefined;
  requester: CompiledSubject;
  registry: PolicyRegistry;
}): D | undefined {
  if (options.dataset === undefined) return undefined;
  return visibleDatasets({
    datasets: [options.dataset],
    requester: options.requester,
    registry: options.registry,
  })[0];
}
