/** DCAT/DSP 2025-1 JSON-LD of a catalog and its datasets, as a provider answers `POST /catalog/request`. */
import { catalog, dataset as dspDataset } from '../protocol/messages/catalog-builders.ts';
import type { Catalog, Dataset, DatasetBody, Distribution } from '../protocol/messages/types.ts';
import {
  ENCRYPTED_OBJECT_MEDIA_TYPE,
  OBJECT_TRANSFER_FORMATS,
  type CatalogDataset,
  type CatalogObject,
  type CatalogService,
} from './dataset.ts';
import {
  BINDING_TERM,
  CARD_TERM,
  DATA_DIGEST_TERM,
  DCAT,
  DCT,
  LABEL_TERM,
  PROV_DERIVED_FROM,
  jsonLiteral,
} from './dsp-terms.ts';

const dateTime = (value: string) => ({ '@value': value, '@type': 'xsd:dateTime' });

/** One distribution per transfer type, each naming the data plane inline (it is not the catalog's DSP service). */
function objectDistributions(object: CatalogObject): Distribution[] {
  return OBJECT_TRANSFER_FORMATS.map((format) => ({
    '@type': 'Distribution',
    format,
    accessService: {
      '@id': object.accessService.id,
      '@type': 'DataService',
      endpointURL: object.accessService.endpointURL,
    },
    [DCT.title]: 'Encrypted object: AES-256-GCM segments and a signed manifest',
    [DCAT.mediaType]: ENCRYPTED_OBJECT_MEDIA_TYPE,
    [DCAT.byteSize]: object.byteSize,
  }));
}

export function datasetBody(
  dataset: CatalogDataset,
  service: CatalogService,
  object?: CatalogObject,
): DatasetBody {
  const distribution: Distribution[] = [
    ...dataset.distributions.map((d) => ({
      '@type': 'Distribution' as const,
      format: d.format,
      accessService: service.id,
      ...(d.title === undefined ? {} : { [DCT.title]: d.title }),
      ...(d.mediaType === undefined ? {} : { [DCAT.mediaType]: d.mediaType }),
      ...(d.byteSize === undefined ? {} : { [DCAT.byteSize]: d.byteSize }),
    })),
    ...(object === undefined ? [] : objectDistributions(object)),
  ];
  return {
    '@id': dataset.id,
    '@type': 'Dataset',
    hasPolicy: dataset.offers.map((offer) => ({ ...offer, '@type': 'Offer' })),
    distribution,
    [DCT.title]: dataset.title,
    ...(dataset.description === undefined ? {} : { [DCT.description]: dataset.description }),
    [DCAT.keyword]: [...dataset.keywords],
    [DCT.publisher]: { '@id': dataset.publisher },
    [DCT.issued]: dateTime(dataset.issued),
    [DCT.modified]: dateTime(dataset.modified),
    [LABEL_TERM]: jsonLiteral(dataset.label),
    ...(dataset.labelBinding === undefined ? {} : { [BINDING_TERM]: jsonLiteral(dataset.labelBinding) }),
    ...(dataset.version === undefined ? {} : { [DCAT.version]: dataset.version }),
    ...(dataset.derivedFrom === undefined || dataset.derivedFrom.length === 0
      ? {}
      : { [PROV_DERIVED_FROM]: dataset.derivedFrom.map((id) => ({ '@id': id })) }),
    ...(dataset.dataDigest === undefined ? {} : { [DATA_DIGEST_TERM]: dataset.dataDigest }),
    ...(dataset.card === undefined ? {} : { [CARD_TERM]: jsonLiteral(dataset.card) }),
  };
}

/** The answer to `GET /catalog/datasets/:id`, with the distribution of its encrypted object when it has one. */
export function datasetDocument(
  dataset: CatalogDataset,
  service: CatalogService,
  object?: CatalogObject,
): Dataset {
  return dspDataset(datasetBody(dataset, service, object));
}

/**
 * A catalog page. `datasets` must already be the requester's visible datasets (see visibility.ts): this function
 * serialises, it does not filter.
 */
export function catalogDocument(options: {
  id: string;
  participantId: string;
  service: CatalogService;
  datasets: readonly CatalogDataset[];
  /** The encrypted object of each dataset that has content, by dataset id. */
  objects?: ReadonlyMap<string, CatalogObject>;
}): Catalog {
  return catalog({
    id: options.id,
    participantId: options.participantId,
    service: [
      { '@id': options.service.id, '@type': 'DataService', endpointURL: options.service.endpointURL },
    ],
    datasets: options.datasets.map((d) => datasetBody(d, options.service, options.objects?.get(d.id))),
  });
}
