/**
 * A dataset from the command line: a JSON file, flags, or a file with flags overriding its fields. The body is
 * checked here by the catalog's own strict reader before anything is sent, and a failure names the flag (or the
 * file) the bad field came from.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { readDatasetInput } from '../../catalog/read-dataset.ts';
import { defaultPolicyRegistry } from '../../labels/policy-registry.ts';
import { CATEGORY_TYPES, RELEASABLE_TO, type CategoryType } from '../../labels/label.ts';
import type { CatalogOffer, Constraint } from '../../protocol/messages/odrl.ts';
import { InvalidInputError } from '../../shared/errors.ts';
import type { DatasetInput } from '../client/views.ts';
import { collect } from '../parse.ts';

export type DatasetFlags = {
  file?: string;
  id?: string;
  title?: string;
  description?: string;
  keyword: string[];
  format: string[];
  mediaType?: string;
  byteSize?: string;
  labelFile?: string;
  classification?: string;
  releasableTo?: string;
  category: string[];
  privacyMark?: string;
  originator?: string;
  offerFile?: string;
  offerId?: string;
  action?: string;
  purpose?: string;
  notAfter?: string;
  maxUses?: string;
  onwardTransfer?: boolean;
};

export function addDatasetFlags(command: Command): Command {
  return command
    .option('--file <json>', 'the dataset as JSON (fields as in the API); flags override its fields')
    .option('--title <text>', 'dct:title')
    .option('--description <text>', 'dct:description')
    .option('--keyword <word>', 'dcat:keyword, repeatable', collect, [])
    .option(
      '--format <format>',
      'a distribution by its transfer format, repeatable (HttpData-PULL)',
      collect,
      [],
    )
    .option('--media-type <type>', 'media type of the distributions (application/parquet)')
    .option('--byte-size <n>', 'size of the distributions in bytes')
    .option('--label-file <json>', 'the confidentiality label as JSON (STANAG 4774 fields)')
    .option('--classification <policy:level>', 'label classification, e.g. "NATO:NATO SECRET" or FRA:SECRET')
    .option('--releasable-to <list>', 'label releasability, comma-separated alpha-3 codes (FRA,DEU)')
    .option(
      '--category <tag:type:values>',
      'another label category, repeatable ("Mission:RESTRICTIVE:EUFOR")',
      collect,
      [],
    )
    .option('--privacy-mark <text>', 'label privacy mark')
    .option('--originator <uri>', 'label originator (default: the node participant)')
    .option('--offer-file <json>', 'the ODRL offer (or an array of offers) as JSON')
    .option('--offer-id <iri>', 'id of the offer made from flags (default: a new urn:uuid)')
    .option('--action <action>', 'action the offer permits (default: use)')
    .option('--purpose <purpose>', 'offer constraint: only for this purpose')
    .option('--not-after <date-time>', 'offer constraint: use permitted until this RFC 3339 instant')
    .option('--max-uses <n>', 'offer constraint: at most this many uses')
    .option('--no-onward-transfer', 'offer constraint: the data must not be passed on');
}

async function readJson(file: string, flag: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InvalidInputError(flag, `Cannot read --${flag} "${file}": ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError(
      flag,
      `Cannot read --${flag} "${file}": not JSON (${(error as Error).message})`,
    );
  }
}

const split = (list: string) =>
  list
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');

function policyLevel(value: string): [string, string] {
  const at = value.indexOf(':');
  if (at <= 0 || at === value.length - 1) {
    throw new InvalidInputError(
      'classification',
      `Invalid --classification "${value}": expected POLICY:LEVEL, e.g. "NATO:NATO SECRET"`,
    );
  }
  return [value.slice(0, at), value.slice(at + 1)];
}

function category(value: string): { tagName: string; type: CategoryType; values: string[] } {
  const [tagName, type, values, ...rest] = value.split(':');
  if (tagName === undefined || type === undefined || values === undefined || rest.length > 0) {
    throw new InvalidInputError(
      'category',
      `Invalid --category "${value}": expected TAG:TYPE:V1,V2 with TYPE one of ${CATEGORY_TYPES.join(', ')}`,
    );
  }
  if (!(CATEGORY_TYPES as readonly string[]).includes(type)) {
    throw new InvalidInputError(
      'category',
      `Invalid --category "${value}": type "${type}" is not one of ${CATEGORY_TYPES.join(', ')}`,
    );
  }
  return { tagName, type: type as CategoryType, values: split(values) };
}

function labelFromFlags(
  flags: DatasetFlags,
  base: Record<string, unknown> | undefined,
  originator: string,
): Record<string, unknown> | undefined {
  const touched =
    flags.classification !== undefined ||
    flags.releasableTo !== undefined ||
    flags.category.length > 0 ||
    flags.privacyMark !== undefined ||
    flags.originator !== undefined;
  if (!touched) return base;
  const label: Record<string, unknown> = {
    originator,
    creationTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    categories: [],
    ...base,
  };
  if (flags.classification !== undefined) {
    [label.policy, label.classification] = policyLevel(flags.classification);
  }
  if (flags.originator !== undefined) label.originator = flags.originator;
  if (flags.privacyMark !== undefined) label.privacyMark = flags.privacyMark;
  let categories = Array.isArray(label.categories) ? (label.categories as Record<string, unknown>[]) : [];
  if (flags.releasableTo !== undefined) {
    categories = categories.filter((c) => c.tagName !== RELEASABLE_TO);
    categories.push({ tagName: RELEASABLE_TO, type: 'PERMISSIVE', values: split(flags.releasableTo) });
  }
  label.categories = [...categories, ...flags.category.map(category)];
  return label;
}

function offerFromFlags(flags: DatasetFlags): CatalogOffer | undefined {
  const touched =
    flags.offerId !== undefined ||
    flags.action !== undefined ||
    flags.purpose !== undefined ||
    flags.notAfter !== undefined ||
    flags.maxUses !== undefined ||
    flags.onwardTransfer === false;
  if (!touched) return undefined;
  const constraint: Constraint[] = [];
  if (flags.purpose !== undefined) {
    constraint.push({ leftOperand: 'purpose', operator: 'eq', rightOperand: flags.purpose });
  }
  if (flags.notAfter !== undefined) {
    if (Number.isNaN(Date.parse(flags.notAfter))) {
      throw new InvalidInputError(
        'not-after',
        `Invalid --not-after "${flags.notAfter}": expected an RFC 3339 date-time`,
      );
    }
    constraint.push({ leftOperand: 'dateTime', operator: 'lteq', rightOperand: flags.notAfter });
  }
  if (flags.maxUses !== undefined) {
    const n = Number(flags.maxUses);
    if (!Number.isSafeInteger(n) || n < 1) {
      throw new InvalidInputError(
        'max-uses',
        `Invalid --max-uses "${flags.maxUses}": expected a positive integer`,
      );
    }
    constraint.push({ leftOperand: 'count', operator: 'lteq', rightOperand: String(n) });
  }
  if (flags.onwardTransfer === false) {
    constraint.push({ leftOperand: 'foedera:noOnwardTransfer', operator: 'eq', rightOperand: 'true' });
  }
  return {
    '@id': flags.offerId ?? `urn:uuid:${randomUUID()}`,
    '@type': 'Offer',
    permission: [{ action: flags.action ?? 'use', ...(constraint.length === 0 ? {} : { constraint }) }],
  };
}

/** Which flag (or file) a field of the dataset came from, to name it in a message. */
function sourceOf(field: string, flags: DatasetFlags): string {
  const top = field.split(/[.[]/)[0] ?? field;
  const given = (flag: string | undefined, value: unknown) =>
    value !== undefined && !(Array.isArray(value) && value.length === 0) ? flag : undefined;
  if (top === 'label') {
    const sub = field.startsWith('label.categories')
      ? (given('releasable-to', flags.releasableTo) ?? given('category', flags.category))
      : field === 'label.originator'
        ? given('originator', flags.originator)
        : field === 'label.privacyMark'
          ? given('privacy-mark', flags.privacyMark)
          : given('classification', flags.classification);
    return (
      sub ?? given('label-file', flags.labelFile) ?? (flags.file === undefined ? 'classification' : 'file')
    );
  }
  if (top === 'offers') {
    const fromFlags =
      given('max-uses', flags.maxUses) ??
      given('not-after', flags.notAfter) ??
      given('purpose', flags.purpose) ??
      given('offer-id', flags.offerId);
    return (
      given('offer-file', flags.offerFile) ?? fromFlags ?? (flags.file === undefined ? 'offer-file' : 'file')
    );
  }
  const flag: Record<string, [string, unknown]> = {
    id: ['id', flags.id],
    title: ['title', flags.title],
    description: ['description', flags.description],
    keywords: ['keyword', flags.keyword],
    distributions: ['format', flags.format],
  };
  const [name, value] = flag[top] ?? ['file', undefined];
  return given(name, value) ?? (flags.file === undefined ? name : 'file');
}

/**
 * Builds the dataset body from a file and flags (`base` is the dataset being updated), then checks it as the node
 * will. `originator` is the participant URI labels made from flags name.
 */
export async function datasetFromFlags(
  flags: DatasetFlags,
  options: { base?: DatasetInput; originator: string; create: boolean },
): Promise<DatasetInput> {
  const fromFile =
    flags.file === undefined ? undefined : ((await readJson(flags.file, 'file')) as Record<string, unknown>);
  if (
    fromFile !== undefined &&
    (typeof fromFile !== 'object' || fromFile === null || Array.isArray(fromFile))
  ) {
    throw new InvalidInputError('file', `Invalid --file "${flags.file}": expected a JSON object (a dataset)`);
  }
  const body: Record<string, unknown> = { ...options.base, ...fromFile };
  if (options.base !== undefined) {
    // The node binds the label to the metadata as sent: a binding of the previous version would no longer hold.
    delete body.labelBinding;
    delete body.modified;
  }
  if (flags.id !== undefined) body.id = flags.id;
  if (body.id === undefined && options.create) body.id = `urn:uuid:${randomUUID()}`;
  if (flags.title !== undefined) body.title = flags.title;
  if (flags.description !== undefined) body.description = flags.description;
  if (flags.keyword.length > 0) body.keywords = flags.keyword;
  if (flags.format.length > 0 || flags.mediaType !== undefined || flags.byteSize !== undefined) {
    body.distributions = distributions(flags, body.distributions);
  }
  const labelBase =
    flags.labelFile === undefined
      ? (body.label as Record<string, unknown> | undefined)
      : ((await readJson(flags.labelFile, 'label-file')) as Record<string, unknown>);
  const label = labelFromFlags(flags, labelBase, options.originator);
  if (label !== undefined) body.label = label;
  if (flags.offerFile !== undefined) {
    const offers = await readJson(flags.offerFile, 'offer-file');
    body.offers = Array.isArray(offers) ? offers : [offers];
  } else {
    const offer = offerFromFlags(flags);
    if (offer !== undefined) body.offers = [offer];
    else if (body.offers === undefined && options.create)
      body.offers = [offerFromFlags({ ...flags, action: 'use' })];
  }
  if (body.label === undefined) {
    throw new InvalidInputError(
      'classification',
      'Missing --classification POLICY:LEVEL (or --label-file): a dataset needs a confidentiality label',
    );
  }
  if (body.distributions === undefined) {
    throw new InvalidInputError('format', 'Missing --format: a dataset needs at least one distribution');
  }
  check(body, flags);
  return body as DatasetInput;
}

function distributions(flags: DatasetFlags, previous: unknown): unknown[] {
  let size: number | undefined;
  if (flags.byteSize !== undefined) {
    size = Number(flags.byteSize);
    if (!Number.isSafeInteger(size) || size < 0) {
      throw new InvalidInputError(
        'byte-size',
        `Invalid --byte-size "${flags.byteSize}": expected a non-negative integer`,
      );
    }
  }
  const formats =
    flags.format.length > 0
      ? flags.format
      : Array.isArray(previous)
        ? previous.map((d) => String((d as { format?: unknown }).format ?? ''))
        : [];
  if (formats.length === 0) {
    throw new InvalidInputError('format', 'Missing --format: a dataset needs at least one distribution');
  }
  return formats.map((format) => ({
    format,
    ...(flags.mediaType === undefined ? {} : { mediaType: flags.mediaType }),
    ...(size === undefined ? {} : { byteSize: size }),
  }));
}

function check(body: Record<string, unknown>, flags: DatasetFlags): void {
  const read = readDatasetInput(body, {
    registry: defaultPolicyRegistry,
    // Placeholders: the node fills in its own service and publisher; only the body's own fields are judged here.
    service: { id: 'urn:foedera:dataservice:cli', endpointURL: 'https://localhost/dsp' },
    publisher: 'urn:foedera:participant:CLI',
    now: new Date(),
  });
  if (read.ok) return;
  const detail = read.detail.replace(`Cannot accept dataset: ${read.field} `, '');
  const flag = read.field === 'label' ? labelFlag(detail, flags) : sourceOf(read.field, flags);
  const value = flag === 'file' ? flags.file : valueOf(flags, flag);
  const where = value === undefined ? `--${flag}` : `--${flag} "${value}"`;
  throw new InvalidInputError(flag, `Invalid ${where}: dataset field "${read.field}" ${detail}`);
}

/** The label's meaning is judged as a whole; its message says which part (category, classification) is wrong. */
function labelFlag(detail: string, flags: DatasetFlags): string {
  if (flags.labelFile !== undefined) return 'label-file';
  if (/Releasable To/.test(detail) && flags.releasableTo !== undefined) return 'releasable-to';
  if (/categor/i.test(detail) && flags.category.length > 0) return 'category';
  if (flags.classification !== undefined) return 'classification';
  return flags.file === undefined ? 'classification' : 'file';
}

function valueOf(flags: DatasetFlags, flag: string): string | undefined {
  const key = flag.replace(/-(.)/g, (_m, c: string) => c.toUpperCase()) as keyof DatasetFlags;
  const value = flags[key];
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.join(',');
  return typeof value === 'string' ? value : undefined;
}
