/**
 * The strict reader of a label's shape, shared by the JSON and XML codecs: every field is checked, unknown fields are
 * refused, and a refusal names the field. Meaning (is the policy known?) is the registry's business, not the codec's.
 *
 * Strings must be non-empty, at most 1024 characters, free of control characters and of leading or trailing
 * white space: labels are identifiers and markings, and these rules make the XML form round-trip exactly.
 */
import { err, ok, type Err, type Ok } from '../../shared/result.ts';
import {
  CATEGORY_TYPES,
  type CategoryType,
  type ConfidentialityLabel,
  type LabelCategory,
} from '../label.ts';

export type LabelDecodeError = Err<'invalid-label'> & { readonly field: string };
export type LabelDecodeResult = Ok<ConfidentialityLabel> | LabelDecodeError;

export const LABEL_LIMITS = { string: 1024, categories: 64, values: 1024, alternatives: 16 } as const;

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;
// Control characters, non-characters and lone surrogates: none has a place in a marking, and XML cannot carry most.
const CONTROL =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

class ShapeError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export function decodeError(field: string, message: string): LabelDecodeError {
  return { ...err('invalid-label', `Cannot read label: ${field} ${message}`), field };
}

/** Reads an untrusted value (parsed JSON, or the XML reader's intermediate object) as a label. */
export function readLabelShape(input: unknown, field = 'label'): LabelDecodeResult {
  try {
    return ok(readLabel(input, field, true));
  } catch (error) {
    if (error instanceof ShapeError) return decodeError(error.field, error.message);
    throw error;
  }
}

export function checkLabelString(value: string): string | undefined {
  if (value.length === 0) return 'must not be empty';
  if (value.length > LABEL_LIMITS.string) return `must be at most ${LABEL_LIMITS.string} characters`;
  if (CONTROL.test(value)) return 'must not contain control characters';
  if (value.trim() !== value) return 'must not start or end with white space';
  return undefined;
}

function record(input: unknown, field: string, allowed: readonly string[]): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ShapeError(field, 'must be an object');
  }
  for (const key of Object.keys(input)) {
    if (!allowed.includes(key)) throw new ShapeError(`${field}.${key}`, 'is not a label field');
  }
  return input as Record<string, unknown>;
}

function string(input: unknown, field: string): string {
  if (typeof input !== 'string') throw new ShapeError(field, 'must be a string');
  const problem = checkLabelString(input);
  if (problem !== undefined) throw new ShapeError(field, problem);
  return input;
}

function array(input: unknown, field: string, max: number): readonly unknown[] {
  if (!Array.isArray(input)) throw new ShapeError(field, 'must be an array');
  if (input.length > max) throw new ShapeError(field, `must have at most ${max} items`);
  return input;
}

const LABEL_FIELDS = [
  'policy',
  'classification',
  'privacyMark',
  'categories',
  'originator',
  'creationTime',
  'alternatives',
];

function readLabel(input: unknown, field: string, allowAlternatives: boolean): ConfidentialityLabel {
  const raw = record(input, field, LABEL_FIELDS);
  const policy = string(raw.policy, `${field}.policy`);
  const classification = string(raw.classification, `${field}.classification`);
  const privacyMark =
    raw.privacyMark === undefined ? undefined : string(raw.privacyMark, `${field}.privacyMark`);
  const categories = array(raw.categories, `${field}.categories`, LABEL_LIMITS.categories).map((c, i) =>
    readCategory(c, `${field}.categories[${i}]`),
  );
  const originator = string(raw.originator, `${field}.originator`);
  const creationTime = string(raw.creationTime, `${field}.creationTime`);
  if (!RFC3339.test(creationTime) || Number.isNaN(Date.parse(creationTime))) {
    throw new ShapeError(`${field}.creationTime`, 'must be an RFC 3339 date-time with a time zone');
  }
  let alternatives: ConfidentialityLabel[] | undefined;
  if (raw.alternatives !== undefined) {
    if (!allowAlternatives)
      throw new ShapeError(`${field}.alternatives`, 'is not allowed in an alternative label');
    alternatives = array(raw.alternatives, `${field}.alternatives`, LABEL_LIMITS.alternatives).map((a, i) =>
      readLabel(a, `${field}.alternatives[${i}]`, false),
    );
  }
  return {
    policy,
    classification,
    ...(privacyMark === undefined ? {} : { privacyMark }),
    categories,
    originator,
    creationTime,
    ...(alternatives === undefined ? {} : { alternatives }),
  };
}

function readCategory(input: unknown, field: string): LabelCategory {
  const raw = record(input, field, ['tagName', 'type', 'values']);
  const tagName = string(raw.tagName, `${field}.tagName`);
  if (typeof raw.type !== 'string' || !(CATEGORY_TYPES as readonly string[]).includes(raw.type)) {
    throw new ShapeError(`${field}.type`, `must be one of ${CATEGORY_TYPES.join(', ')}`);
  }
  const values = array(raw.values, `${field}.values`, LABEL_LIMITS.values).map((v, i) =>
    string(v, `${field}.values[${i}]`),
  );
  if (new Set(values).size !== values.length)
    throw new ShapeError(`${field}.values`, 'must not repeat a value');
  return { tagName, type: raw.type as CategoryType, values };
}
