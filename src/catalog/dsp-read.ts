/**
 * Reads the datasets of a peer's DSP catalog into the federated cache. The catalog must validate against the DSP
 * 2025-1 schema; each dataset must carry a readable Foedera confidentiality label, or it is skipped (and reported):
 * data whose label is unknown is never shown to anyone.
 */
import { labelFromJsonValue, readLabelBinding } from './_internal/label-terms.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { validateDspMessage } from '../protocol/validate.ts';
import type { DatasetBody } from '../protocol/messages/types.ts';
import type { CatalogOffer } from '../protocol/messages/odrl.ts';
import { ENCRYPTED_OBJECT_MEDIA_TYPE, type CatalogDataset, type CatalogDistribution } from './dataset.ts';
import {
  BINDING_TERM,
  CARD_TERM,
  DATA_DIGEST_TERM,
  DCAT,
  DCT,
  LABEL_TERM,
  PROV_DERIVED_FROM,
} from './dsp-terms.ts';
import { readCard } from '../cards/index.ts';

export type SkippedDataset = { readonly id: string; readonly reason: string };
export type ReadCatalog = {
  readonly datasets: CatalogDataset[];
  readonly skipped: SkippedDataset[];
  /** The `endpointURL` of the catalog's first HTTPS DataService: where the peer speaks the protocol. */
  readonly endpoint?: string;
};

function httpsEndpoint(services: readonly { endpointURL: string }[] | undefined): string | undefined {
  for (const service of services ?? []) {
    try {
      if (new URL(service.endpointURL).protocol === 'https:') return service.endpointURL;
    } catch {
      // Not a URL: a DataService this node cannot call.
    }
  }
  return undefined;
}

/** Plain text of a JSON-LD literal: a string, or `{ "@value": string }`. */
function literal(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { '@value'?: unknown })['@value'] === 'string'
  ) {
    return (value as { '@value': string })['@value'];
  }
  return undefined;
}

function reference(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { '@id'?: unknown })['@id'] === 'string'
  ) {
    return (value as { '@id': string })['@id'];
  }
  return undefined;
}

const strings = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).flatMap((v) => {
    const text = literal(v);
    return text === undefined ? [] : [text];
  });

export function readDspDataset(
  body: DatasetBody,
  options: { peer: string; fetchedAt: Date },
): Result<CatalogDataset, 'invalid-dataset'> {
  const id = body['@id'];
  const rawLabel = (body[LABEL_TERM] as { '@value'?: unknown } | undefined)?.['@value'];
  if (rawLabel === undefined)
    return err('invalid-dataset', `Cannot cache dataset "${id}": it carries no confidentiality label`);
  const label = labelFromJsonValue(rawLabel);
  if (!label.ok) return err('invalid-dataset', `Cannot cache dataset "${id}": ${label.detail}`);
  const bindingValue = (body[BINDING_TERM] as { '@value'?: unknown } | undefined)?.['@value'];
  const binding = bindingValue === undefined ? undefined : readLabelBinding(bindingValue);
  if (binding === null)
    return err('invalid-dataset', `Cannot cache dataset "${id}": its label binding is malformed`);
  const cardValue = (body[CARD_TERM] as { '@value'?: unknown } | undefined)?.['@value'];
  const card = cardValue === undefined ? undefined : readCard(cardValue, { prefix: 'card' });
  if (card !== undefined && !card.ok)
    return err('invalid-dataset', `Cannot cache dataset "${id}": ${card.detail}`);
  const version = literal(body[DCAT.version]);
  const digest = literal(body[DATA_DIGEST_TERM]);
  const derivedFrom = (
    Array.isArray(body[PROV_DERIVED_FROM]) ? (body[PROV_DERIVED_FROM] as unknown[]) : []
  ).flatMap((ref) => {
    const target = reference(ref);
    return target === undefined ? [] : [target];
  });
  const when = options.fetchedAt.toISOString();
  const isObject = (d: (typeof body.distribution)[number]) =>
    literal(d[DCAT.mediaType]) === ENCRYPTED_OBJECT_MEDIA_TYPE;
  const objectParts = body.distribution.filter(isObject);
  const objectSize = objectParts[0]?.[DCAT.byteSize];
  const object =
    typeof objectSize === 'number' && Number.isSafeInteger(objectSize) && objectSize >= 0
      ? { byteSize: objectSize, formats: objectParts.map((d) => d.format) }
      : undefined;
  const distributions: CatalogDistribution[] = body.distribution
    .filter((d) => !isObject(d))
    .map((d) => {
      const mediaType = literal(d[DCAT.mediaType]);
      const title = literal(d[DCT.title]);
      const size = d[DCAT.byteSize];
      return {
        format: d.format,
        ...(mediaType === undefined ? {} : { mediaType }),
        ...(typeof size === 'number' && Number.isSafeInteger(size) && size >= 0 ? { byteSize: size } : {}),
        ...(title === undefined ? {} : { title }),
      };
    });
  const description = literal(body[DCT.description]);
  return ok({
    id,
    title: literal(body[DCT.title]) ?? id,
    ...(description === undefined ? {} : { description }),
    keywords: strings(body[DCAT.keyword]),
    publisher: reference(body[DCT.publisher]) ?? options.peer,
    issued: literal(body[DCT.issued]) ?? when,
    modified: literal(body[DCT.modified]) ?? when,
    distributions,
    offers: body.hasPolicy as CatalogOffer[],
    label: label.value,
    ...(binding === undefined ? {} : { labelBinding: binding }),
    ...(card === undefined || !card.ok ? {} : { card: card.value }),
    ...(version === undefined ? {} : { version }),
    ...(digest === undefined ? {} : { dataDigest: digest }),
    ...(derivedFrom.length === 0 ? {} : { derivedFrom }),
    ...(object === undefined ? {} : { object }),
  });
}

/** Validates a peer's catalog (DSP 2025-1 schema) and reads its datasets, nested catalogs included. */
export function readDspCatalog(
  json: unknown,
  options: { peer: string; fetchedAt: Date },
): Result<ReadCatalog, 'invalid-catalog'> {
  const valid = validateDspMessage('Catalog', json);
  if (!valid.ok)
    return err('invalid-catalog', `Cannot read the catalog of "${options.peer}": ${valid.detail}`);
  const datasets: CatalogDataset[] = [];
  const skipped: SkippedDataset[] = [];
  const visit = (
    bodies: readonly DatasetBody[] | undefined,
    nested: readonly { dataset?: DatasetBody[]; catalog?: unknown[] }[] | undefined,
  ) => {
    for (const body of bodies ?? []) {
      const read = readDspDataset(body, options);
      if (read.ok) datasets.push(read.value);
      else skipped.push({ id: body['@id'], reason: read.detail });
    }
    for (const child of nested ?? []) visit(child.dataset, child.catalog as typeof nested);
  };
  visit(valid.value.dataset, valid.value.catalog);
  const endpoint = httpsEndpoint(valid.value.service);
  return ok({ datasets, skipped, ...(endpoint === undefined ? {} : { endpoint }) });
}
