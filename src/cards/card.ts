/**
 * Reading a Croissant card submitted with a dataset: the structure against the schema, then what a schema cannot
 * say — the card declares a Croissant version, file sizes and data types are understood, ids are unique, and every
 * reference (containedIn, source, references, key) resolves within the card. The first failure is named by its path,
 * e.g. `recordSet[0].field[2].dataType`, so that a publisher can fix it without guessing.
 */
import { Compile } from 'typebox/compile';
import { err, ok, type Err, type Ok } from '../shared/result.ts';
import { CroissantCardSchema, type CroissantCard } from './croissant-schema.ts';
import { parseContentSize } from './content-size.ts';

export type CardInputError = Err<'invalid-card'> & { readonly field: string };

export const CROISSANT_VERSIONS = [
  'http://mlcommons.org/croissant/1.0',
  'http://mlcommons.org/croissant/1.1',
];

const SCHEMA_TYPES = new Set([
  'Boolean',
  'Date',
  'DateTime',
  'Duration',
  'Float',
  'Integer',
  'Number',
  'Text',
  'Time',
  'URL',
  'ImageObject',
  'AudioObject',
  'VideoObject',
  'MediaObject',
  'GeoCoordinates',
  'GeoShape',
  'Enumeration',
]);
const CROISSANT_TYPES = new Set(['BoundingBox', 'SegmentationMask', 'Split', 'Label']);

/** Whether a Croissant `dataType` value is one Foedera can interpret or an IRI of another vocabulary. */
export function isKnownDataType(value: string): boolean {
  const schema = /^(?:sc:|schema:|https?:\/\/schema\.org\/)?([A-Za-z]+)$/.exec(value);
  if (schema?.[1] !== undefined && SCHEMA_TYPES.has(schema[1])) return true;
  const cr = /^(?:cr:|https?:\/\/mlcommons\.org\/croissant\/)([A-Za-z]+)$/.exec(value);
  if (cr?.[1] !== undefined) return CROISSANT_TYPES.has(cr[1]);
  if (/^wd:Q\d+$/.test(value)) return true;
  // Another vocabulary's type, written in full; a CURIE with an unknown prefix cannot be interpreted.
  return /^https?:\/\/(?!schema\.org\/)[^\s]+$/.test(value);
}

const checkCard = Compile(CroissantCardSchema);

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

/** `/recordSet/0/field/2/dataType` → `recordSet[0].field[2].dataType`. */
export function pointerToField(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce(
      (path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path === '' ? part : `${path}.${part}`),
      '',
    );
}

function structureError(input: unknown): FieldError | undefined {
  if (checkCard.Check(input)) return undefined;
  const errors = [...checkCard.Errors(input)];
  const first = errors[0];
  if (first === undefined) return new FieldError('', 'is not a Croissant card');
  if (first.keyword === 'required') {
    const missing = (first.params as { requiredProperties?: string[] }).requiredProperties?.[0] ?? '';
    const base = pointerToField(first.instancePath);
    return new FieldError(base === '' ? missing : `${base}.${missing}`, 'is required');
  }
  const at = errors.filter((e) => e.instancePath === first.instancePath);
  const union = at.find((e) => e.keyword === 'anyOf');
  const literal = at.find((e) => e.keyword === 'const');
  const message =
    union !== undefined
      ? 'does not have an accepted type or value'
      : literal !== undefined
        ? `must be ${JSON.stringify((literal.params as { allowedValue?: unknown }).allowedValue)}`
        : first.message;
  return new FieldError(pointerToField(first.instancePath), message);
}

const many = <T>(value: T | readonly T[] | undefined): readonly T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value as T];

const idOf = (node: { '@id'?: string; name?: string }): string | undefined => node['@id'] ?? node.name;

function semantics(card: CroissantCard): void {
  const versions = many(card['dct:conformsTo'] ?? card.conformsTo);
  const conformsField = card['dct:conformsTo'] === undefined ? 'conformsTo' : 'dct:conformsTo';
  if (versions.length === 0) fail('conformsTo', `is required: ${CROISSANT_VERSIONS.join(' or ')}`);
  if (!versions.some((v) => CROISSANT_VERSIONS.includes(v)))
    fail(conformsField, `must name a Croissant version (${CROISSANT_VERSIONS.join(' or ')})`);

  const ids = new Map<string, string>();
  const claim = (id: string | undefined, field: string, what: string): string => {
    if (id === undefined) return fail(`${field}.@id`, `is required (or name) for a ${what}`);
    if (ids.has(id)) fail(`${field}.@id`, `"${id}" is not unique: ${ids.get(id) ?? ''} has it too`);
    ids.set(id, field);
    return id;
  };

  const files = new Set<string>();
  card.distribution.forEach((file, i) => {
    const at = `distribution[${i}]`;
    files.add(claim(idOf(file), at, file['@type']));
    if (file['@type'] === 'cr:FileObject' && file.contentUrl === undefined && file.containedIn === undefined)
      fail(`${at}.contentUrl`, 'is required for a cr:FileObject');
    if (file['@type'] === 'cr:FileSet' && file.includes === undefined)
      fail(`${at}.includes`, 'is required for a cr:FileSet');
    if (file.contentSize !== undefined && parseContentSize(file.contentSize) === undefined)
      fail(`${at}.contentSize`, `"${file.contentSize}" is not a size such as "1200 B" or "3.5 MB"`);
  });
  card.distribution.forEach((file, i) =>
    many(file.containedIn).forEach((ref, j) => {
      if (!files.has(ref['@id']))
        fail(
          `distribution[${i}].containedIn${Array.isArray(file.containedIn) ? `[${j}]` : ''}`,
          `"${ref['@id']}" is not a distribution of the card`,
        );
    }),
  );

  const recordSets = new Set<string>();
  const fields = new Set<string>();
  const sets = card.recordSet ?? [];
  sets.forEach((set, i) => {
    recordSets.add(claim(idOf(set), `recordSet[${i}]`, 'cr:RecordSet'));
    set.field.forEach((field, j) => {
      const at = `recordSet[${i}].field[${j}]`;
      const own = idOf(field);
      fields.add(
        claim(own === undefined || own.includes('/') ? own : `${idOf(set) ?? ''}/${own}`, at, 'cr:Field'),
      );
      if (own !== undefined && !own.includes('/')) fields.add(own);
      const types = many(field.dataType);
      types.forEach((type, k) => {
        if (!isKnownDataType(type))
          fail(
            `${at}.dataType${Array.isArray(field.dataType) ? `[${k}]` : ''}`,
            `"${type}" is not a known data type`,
          );
      });
    });
  });
  sets.forEach((set, i) => {
    many(set.key).forEach((ref, k) => {
      if (!fields.has(ref['@id']))
        fail(
          `recordSet[${i}].key${Array.isArray(set.key) ? `[${k}]` : ''}`,
          `"${ref['@id']}" is not a field of the card`,
        );
    });
    set.field.forEach((field, j) => {
      const at = `recordSet[${i}].field[${j}]`;
      const source = field.source;
      if (source !== undefined) {
        const check = (ref: { '@id': string } | undefined, known: Set<string>, name: string) => {
          if (ref !== undefined && !known.has(ref['@id']))
            fail(
              `${at}.source.${name}`,
              `"${ref['@id']}" is not a ${name === 'field' ? 'field' : name === 'recordSet' ? 'record set' : 'distribution'} of the card`,
            );
        };
        check(source.fileObject, files, 'fileObject');
        check(source.fileSet, files, 'fileSet');
        check(source.recordSet, recordSets, 'recordSet');
        check(source.field, fields, 'field');
      }
      if (field.references !== undefined) {
        const target = field.references['@id'] ?? field.references.field?.['@id'];
        if (target === undefined)
          fail(`${at}.references`, 'must name a field: { "@id" } or { "field": { "@id" } }');
        else if (!fields.has(target)) fail(`${at}.references`, `"${target}" is not a field of the card`);
      }
    });
  });
}

/** Reads `input` as a Croissant card; `prefix` is prepended to the field named in an error (e.g. "card"). */
export function readCard(
  input: unknown,
  options: { prefix?: string } = {},
): Ok<CroissantCard> | CardInputError {
  const name = (field: string) =>
    options.prefix === undefined
      ? field || 'card'
      : field === ''
        ? options.prefix
        : `${options.prefix}.${field}`;
  try {
    if (typeof input !== 'object' || input === null || Array.isArray(input))
      fail('', 'must be a JSON-LD object');
    const structure = structureError(input);
    if (structure !== undefined) throw structure;
    semantics(input as CroissantCard);
    return ok(input as CroissantCard);
  } catch (error) {
    if (error instanceof FieldError) {
      const field = name(error.field);
      return { ...err('invalid-card', `Cannot accept the Croissant card: ${field} ${error.message}`), field };
    }
    throw error;
  }
}
