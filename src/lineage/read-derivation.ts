/**
 * The strict reader of a derivation sent over the management API (a derived dataset's `derivation`, or the body of
 * `POST /v1/lineage/derivations`): inputs and activity, each wrong field named. Labels and policies of external
 * inputs are read by their own codecs; whether they allow the derivation is decided later (derive.ts).
 */
import { labelFromJsonValue, type ConfidentialityLabel } from '../labels/index.ts';
import type { CatalogOffer } from '../protocol/messages/odrl.ts';
import { err, ok, type Err, type Ok } from '../shared/result.ts';
import type { ActivityInput, JsonObject, LineageInput } from './model.ts';
import { isVersionId } from './version-id.ts';

export type DerivationInputError = Err<'invalid-input'> & { readonly field: string };

/** An input naming a dataset of this node by id: resolved to its latest version by the caller. */
export type DatasetInputRef = { readonly dataset: string };
export type ReadInput = LineageInput | DatasetInputRef;
export type ReadDerivation = { readonly inputs: readonly ReadInput[]; readonly activity: ActivityInput };

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

const object = (value: unknown, field: string): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : fail(field, 'must be an object');

function text(value: unknown, field: string, max = 1024): string {
  if (typeof value !== 'string' || value.trim() === '') return fail(field, 'must be a non-empty string');
  if (value.length > max) return fail(field, `must be at most ${max} characters`);
  return value;
}

function instant(value: unknown, field: string): Date {
  const s = text(value, field, 64);
  const at = new Date(s);
  if (
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) ||
    Number.isNaN(at.getTime())
  )
    fail(field, 'must be an RFC 3339 date-time with a time zone');
  return at;
}

export function readLabelField(value: unknown, field: string): ConfidentialityLabel {
  const label = labelFromJsonValue(value);
  if (!label.ok) fail(`${field.replace(/\.?label$/, '')}.${label.field}`.replace(/^\./, ''), label.detail);
  return (label as Ok<ConfidentialityLabel>).value;
}

function policies(value: unknown, field: string): CatalogOffer[] {
  if (!Array.isArray(value) || value.length === 0)
    return fail(field, 'must be a non-empty array of ODRL policies');
  return value.map((p, i) => {
    const policy = object(p, `${field}[${i}]`);
    text(policy['@id'], `${field}[${i}].@id`);
    if (policy.permission !== undefined && !Array.isArray(policy.permission))
      fail(`${field}[${i}].permission`, 'must be an array');
    return policy as CatalogOffer;
  });
}

function input(value: unknown, field: string): ReadInput {
  const v = object(value, field);
  const keys = Object.keys(v);
  if (keys.length !== 1) return fail(field, 'must have exactly one of version, dataset or external');
  if (v.version !== undefined) {
    const version = text(v.version, `${field}.version`, 80);
    if (!isVersionId(version)) fail(`${field}.version`, 'must be a version id sha256:<64 hex digits>');
    return { version };
  }
  if (v.dataset !== undefined) return { dataset: text(v.dataset, `${field}.dataset`) };
  if (v.external === undefined)
    return fail(`${field}.${keys[0] ?? ''}`, 'is not an input kind (version, dataset, external)');
  const e = object(v.external, `${field}.external`);
  const at = `${field}.external`;
  const version = e.version === undefined ? undefined : text(e.version, `${at}.version`, 80);
  if (version !== undefined && !isVersionId(version))
    fail(`${at}.version`, 'must be a version id sha256:<64 hex digits>');
  return {
    external: {
      artefact: text(e.artefact, `${at}.artefact`),
      participant: text(e.participant, `${at}.participant`, 64),
      ...(version === undefined ? {} : { version }),
      ...(e.title === undefined ? {} : { title: text(e.title, `${at}.title`) }),
      label: readLabelField(e.label, `${at}.label`),
      policies: policies(e.policies, `${at}.policies`),
    },
  };
}

export function readDerivation(
  value: unknown,
  options: { field: string; defaultAgent: string },
): Ok<ReadDerivation> | DerivationInputError {
  const { field } = options;
  const sub = (key: string) => (field === '' ? key : `${field}.${key}`);
  try {
    const v = object(value, field);
    for (const key of Object.keys(v))
      if (key !== 'inputs' && key !== 'activity') fail(sub(key), 'is not a derivation field');
    if (!Array.isArray(v.inputs) || v.inputs.length === 0)
      fail(sub('inputs'), 'must be a non-empty array of inputs');
    if ((v.inputs as unknown[]).length > 256) fail(sub('inputs'), 'must have at most 256 inputs');
    const inputs = (v.inputs as unknown[]).map((item, i) => input(item, `${sub('inputs')}[${i}]`));
    const at = sub('activity');
    const a = object(v.activity, at);
    for (const key of Object.keys(a))
      if (!['type', 'startedAt', 'endedAt', 'agent', 'details'].includes(key))
        fail(`${at}.${key}`, 'is not an activity field');
    const startedAt = instant(a.startedAt, `${at}.startedAt`);
    const endedAt = instant(a.endedAt, `${at}.endedAt`);
    if (endedAt.getTime() < startedAt.getTime()) fail(`${at}.endedAt`, 'must not be before startedAt');
    const details = a.details === undefined ? undefined : (object(a.details, `${at}.details`) as JsonObject);
    if (details !== undefined && JSON.stringify(details).length > 65536)
      fail(`${at}.details`, 'must be at most 64 KiB');
    return ok({
      inputs,
      activity: {
        type: text(a.type, `${at}.type`, 128),
        startedAt,
        endedAt,
        agent: a.agent === undefined ? options.defaultAgent : text(a.agent, `${at}.agent`),
        ...(details === undefined ? {} : { details }),
      },
    });
  } catch (error) {
    if (error instanceof FieldError) {
      return {
        ...err('invalid-input', `Cannot accept the derivation: ${error.field} ${error.message}`),
        field: error.field,
      };
    }
    throw error;
  }
}
