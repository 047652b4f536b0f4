/**
 * The strict reader of a dataset submitted to the management API: every field checked and named when wrong, the
 * label read by the labels codec and interpreted by the registry (an unknown policy, level or category is refused),
 * the offers checked against the DSP 2025-1 Dataset schema as they will be published.
 */
import { compileLabel, labelFromJsonValue, type PolicyRegistry } from '../labels/index.ts';
import { validateDspMessage } from '../protocol/validate.ts';
import type { CatalogOffer } from '../protocol/messages/odrl.ts';
import { err, ok, type Err, type Ok } from '../shared/result.ts';
import type { CatalogDataset, CatalogDistribution, CatalogService } from './dataset.ts';
import { datasetDocument } from './dsp-serialise.ts';
import { readLabelBinding } from './_internal/label-terms.ts';
import { readCard } from '../cards/index.ts';

export type DatasetInputError = Err<'invalid-dataset'> & { readonly field: string };

const FIELDS = [
  'id',
  'title',
  'description',
  'keywords',
  'publisher',
  'issued',
  'modified',
  'distributions',
  'offers',
  'label',
  'labelBinding',
  'card',
  'dataDigest',
  // Set by the node (src/lineage); accepted so that a dataset read from the API can be sent back, and ignored.
  'version',
  'derivedFrom',
];
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const fail = (field: string, message: string): never => {
  throw new FieldError(field, message);
};

function text(value: unknown, field: string, max = 4096): string {
  if (typeof value !== 'string' || value.trim() === '') return fail(field, 'must be a non-empty string');
  if (value.length > max) return fail(field, `must be at most ${max} characters`);
  return value;
}

function instant(value: unknown, field: string): string {
  const s = text(value, field, 64);
  if (!RFC3339.test(s) || Number.isNaN(Date.parse(s)))
    fail(field, 'must be an RFC 3339 date-time with a time zone');
  return s;
}

function list(value: unknown, field: string, max: number): unknown[] {
  if (!Array.isArray(value)) return fail(field, 'must be an array');
  if (value.length > max) fail(field, `must have at most ${max} items`);
  return value;
}

function distribution(value: unknown, field: string): CatalogDistribution {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return fail(field, 'must be an object');
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v)) {
    if (!['format', 'mediaType', 'byteSize', 'title'].includes(key))
      fail(`${field}.${key}`, 'is not a distribution field');
  }
  const size = v.byteSize;
  if (size !== undefined && !(typeof size === 'number' && Number.isSafeInteger(size) && size >= 0)) {
    fail(`${field}.byteSize`, 'must be a non-negative integer');
  }
  return {
    format: text(v.format, `${field}.format`, 256),
    ...(v.mediaType === undefined ? {} : { mediaType: text(v.mediaType, `${field}.mediaType`, 256) }),
    ...(size === undefined ? {} : { byteSize: size as number }),
    ...(v.title === undefined ? {} : { title: text(v.title, `${field}.title`) }),
  };
}

/**
 * Reads `input` as a dataset. `now` fills `issued` and `modified` when absent; `publisher` defaults to this node.
 */
export function readDatasetInput(
  input: unknown,
  options: { registry: PolicyRegistry; service: CatalogService; publisher: string; now: Date },
): Ok<CatalogDataset> | DatasetInputError {
  try {
    if (typeof input !== 'object' || input === null || Array.isArray(input))
      fail('dataset', 'must be an object');
    const v = input as Record<string, unknown>;
    for (const key of Object.keys(v)) if (!FIELDS.includes(key)) fail(key, 'is not a dataset field');
    const id = text(v.id, 'id', 1024);
    if (!/^[a-z][a-z0-9+.-]*:\S+$/i.test(id)) fail('id', 'must be an absolute IRI such as urn:uuid:…');
    const label = labelFromJsonValue(v.label);
    if (!label.ok) fail(label.field, label.detail.replace(/^Cannot read label: \S+ /, ''));
    const labelValue = (label as Ok<CatalogDataset['label']>).value;
    const meaning = compileLabel(labelValue, options.registry);
    if (!meaning.ok) fail('label', meaning.detail);
    const binding = v.labelBinding === undefined ? undefined : readLabelBinding(v.labelBinding);
    if (binding === null)
      fail('labelBinding', 'must be a label binding (version, dataDigest, labelDigest, jws)');
    const card = v.card === undefined ? undefined : readCard(v.card, { prefix: 'card' });
    if (card !== undefined && !card.ok)
      fail(card.field, card.detail.replace(/^Cannot accept the Croissant card: \S+ /, ''));
    if (
      v.dataDigest !== undefined &&
      !(typeof v.dataDigest === 'string' && /^[0-9a-f]{64}$/.test(v.dataDigest))
    )
      fail('dataDigest', 'must be the hex SHA-256 of the data (64 lower-case hex digits)');
    const now = options.now.toISOString();
    const description = v.description === undefined ? undefined : text(v.description, 'description', 16384);
    const dataset: CatalogDataset = {
      id,
      title: text(v.title, 'title', 1024),
      ...(description === undefined ? {} : { description }),
      keywords: list(v.keywords ?? [], 'keywords', 64).map((k, i) => text(k, `keywords[${i}]`, 256)),
      publisher: v.publisher === undefined ? options.publisher : text(v.publisher, 'publisher', 1024),
      issued: v.issued === undefined ? now : instant(v.issued, 'issued'),
      modified: v.modified === undefined ? now : instant(v.modified, 'modified'),
      distributions: list(v.distributions, 'distributions', 64).map((d, i) =>
        distribution(d, `distributions[${i}]`),
      ),
      offers: list(v.offers, 'offers', 64) as CatalogOffer[],
      label: labelValue,
      ...(binding === undefined || binding === null ? {} : { labelBinding: binding }),
      ...(card === undefined || !card.ok ? {} : { card: card.value }),
      ...(typeof v.dataDigest === 'string' ? { dataDigest: v.dataDigest } : {}),
    };
    if (dataset.distributions.length === 0) fail('distributions', 'must have at least one distribution');
    if (dataset.offers.length === 0) fail('offers', 'must have at least one offer');
    const valid = validateDspMessage('Dataset', datasetDocument(dataset, options.service));
    if (!valid.ok) {
      const pointer = valid.errors[0]?.pointer ?? '/';
      const match = /^\/hasPolicy\/(\d+)(.*)$/.exec(pointer);
      fail(
        match === null ? 'dataset' : `offers[${match[1]}]${match[2] ?? ''}`,
        valid.errors[0]?.message ?? 'is invalid',
      );
    }
    return ok(dataset);
  } catch (error) {
    if (error instanceof FieldError) {
      return {
        ...err('invalid-dataset', `Cannot accept dataset: ${error.field} ${error.message}`),
        field: error.field,
      };
    }
    throw error;
  }
}
