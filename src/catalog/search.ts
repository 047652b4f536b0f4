/**
 * Search over catalog entries (the local catalog or the federated cache of peers' catalogs), pure: by text (title,
 * description, keywords, accent- and case-insensitive), publisher, peer, distribution format or media type, and by
 * label: classification at most a given level (through the equivalence tables) and releasable to a nation.
 * Datasets with a Croissant card are also found by ML task, modality, size in bytes and field name; a dataset
 * without a card matches none of these filters.
 * When a requester is given, only what it may see is searched, so results and their count never leak.
 */
import {
  checkCompiledAccess,
  compileLabel,
  compileSubject,
  type CompiledSubject,
  type PolicyRegistry,
} from '../labels/index.ts';
import type { CatalogDataset } from './dataset.ts';
import { cardFacets, hasField, type CardFacets } from '../cards/index.ts';
import { isListable } from './visibility.ts';

export type CatalogEntry = {
  readonly dataset: CatalogDataset;
  /** The peer whose catalog listed it; absent for the node's own datasets. */
  readonly peer?: string;
  readonly fetchedAt?: Date;
  /** The peer's DSP endpoint, where a negotiation for the dataset is sent. */
  readonly endpoint?: string;
};

export type CatalogQuery = {
  readonly text?: string;
  readonly publisher?: string;
  readonly peer?: string;
  /** Matches a distribution's `format` or `mediaType`, case-insensitively. */
  readonly format?: string;
  /** Only datasets classified at most this level, directly or through an equivalence. */
  readonly maxClassification?: { readonly policy: string; readonly classification: string };
  /** Only datasets releasable to this nation (ISO 3166-1 alpha-3), groups included. */
  readonly releasableTo?: string;
  /** ML task of the card (`foedera:task`), e.g. "object-detection". */
  readonly task?: string;
  /** Modality of the card: image, text, audio, video, tabular, geospatial. */
  readonly modality?: string;
  /** Bounds on the card's total file size in bytes. */
  readonly minBytes?: number;
  readonly maxBytes?: number;
  /** A field of one of the card's record sets, by name or id. */
  readonly field?: string;
  readonly requester?: CompiledSubject;
};

const usesCard = (q: CatalogQuery): boolean =>
  q.task !== undefined ||
  q.modality !== undefined ||
  q.minBytes !== undefined ||
  q.maxBytes !== undefined ||
  q.field !== undefined;

function cardMatches(facets: CardFacets, q: CatalogQuery): boolean {
  if (q.task !== undefined && !facets.tasks.includes(q.task.toLowerCase())) return false;
  if (q.modality !== undefined && !facets.modalities.includes(q.modality.toLowerCase())) return false;
  if (q.minBytes !== undefined && !(facets.sizeBytes !== undefined && facets.sizeBytes >= q.minBytes))
    return false;
  if (q.maxBytes !== undefined && !(facets.sizeBytes !== undefined && facets.sizeBytes <= q.maxBytes))
    return false;
  return q.field === undefined || hasField(facets, q.field);
}

const fold = (text: string): string => text.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase('en');

export function searchCatalog(
  entries: readonly CatalogEntry[],
  query: CatalogQuery,
  registry: PolicyRegistry,
): CatalogEntry[] {
  const words =
    query.text === undefined
      ? []
      : fold(query.text)
          .split(/\s+/)
          .filter((w) => w !== '');
  const format = query.format?.toLowerCase();
  // A subject that holds exactly the ceiling level answers "classified at most"; one of the nation, "releasable to".
  const ceiling =
    query.maxClassification === undefined
      ? undefined
      : compileSubject(
          { nationality: '', clearances: [query.maxClassification], categoryValues: [] },
          registry,
        );
  const nation =
    query.releasableTo === undefined
      ? undefined
      : compileSubject({ nationality: query.releasableTo, clearances: [], categoryValues: [] }, registry);
  return entries.filter(({ dataset, peer }) => {
    if (query.publisher !== undefined && dataset.publisher !== query.publisher) return false;
    if (query.peer !== undefined && peer !== query.peer) return false;
    if (
      format !== undefined &&
      !dataset.distributions.some(
        (d) => d.format.toLowerCase() === format || d.mediaType?.toLowerCase() === format,
      )
    ) {
      return false;
    }
    if (usesCard(query) && (dataset.card === undefined || !cardMatches(cardFacets(dataset.card), query)))
      return false;
    if (words.length > 0) {
      const haystack = fold([dataset.title, dataset.description ?? '', ...dataset.keywords].join(' '));
      if (!words.every((word) => haystack.includes(word))) return false;
    }
    if (query.requester === undefined && ceiling === undefined && nation === undefined) return true;
    const label = compileLabel(dataset.label, registry);
    if (!label.ok) return false;
    if (query.requester !== undefined && !isListable(query.requester, label.value)) return false;
    const bare = { ...label.value, nationality: [], permissive: [], restrictive: [] };
    if (ceiling !== undefined && !checkCompiledAccess(ceiling, { ...bare, clearanceRequired: true }).ok)
      return false;
    if (
      nation !== undefined &&
      !checkCompiledAccess(nation, {
        ...label.value,
        clearanceRequired: false,
        permissive: [],
        restrictive: [],
      }).ok
    ) {
      return false;
    }
    return true;
  });
}
