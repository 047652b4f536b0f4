import { Ajv2019, type ErrorObject, type ValidateFunction } from 'ajv/dist/2019.js';
import { err, ok, type Ok } from '../shared/result.ts';
import { ALL_SCHEMAS } from './_internal/schema-files.ts';
import { SCHEMA_IDS, type DspDocumentType } from './_internal/schema-ids.ts';
import type { DspDocumentMap } from './messages/types.ts';

export type { DspDocumentType } from './_internal/schema-ids.ts';

export type DspValidationError = { pointer: string; message: string };

/** Refusal of a DSP document: `detail` names the first failing JSON pointer; `errors` lists them all. */
export type DspInvalid = {
  readonly ok: false;
  readonly reason: 'invalid-dsp-message';
  readonly detail: string;
  readonly errors: readonly DspValidationError[];
};

// The published transfer schemas write `transfer-schema.json#definitions/…`; strict resolvers need `#/definitions/…`.
function mendRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(mendRefs);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] =
      key === '$ref' && typeof value === 'string'
        ? value.replace('#definitions/', '#/definitions/')
        : mendRefs(value);
  }
  return out;
}

function compileAll(): Map<DspDocumentType, ValidateFunction> {
  // strict: false because the published schemas carry keywords that strict mode flags (`items` beside `type: string`).
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  for (const schema of ALL_SCHEMAS) ajv.addSchema(mendRefs(schema) as object);
  const compiled = new Map<DspDocumentType, ValidateFunction>();
  for (const [type, id] of Object.entries(SCHEMA_IDS) as [DspDocumentType, string][]) {
    const validate = ajv.getSchema(id);
    if (validate === undefined) throw new Error(`Cannot compile DSP schema "${id}": not registered`);
    compiled.set(type, validate);
  }
  return compiled;
}

let validators: Map<DspDocumentType, ValidateFunction> | undefined;

function describe(error: ErrorObject): DspValidationError {
  const pointer = error.instancePath === '' ? '/' : error.instancePath;
  const params = error.params as Record<string, unknown>;
  const extra =
    typeof params['missingProperty'] === 'string'
      ? ` "${params['missingProperty']}"`
      : params['allowedValue'] !== undefined
        ? ` ${JSON.stringify(params['allowedValue'])}`
        : '';
  return { pointer, message: `${error.message ?? 'is invalid'}${extra}` };
}

/**
 * Validates `json` against the DSP 2025-1 schema for `type`. The vendored schemas are compiled once, on first use;
 * every `$ref` resolves among them, so validation never touches the network.
 */
export function validateDspMessage<T extends DspDocumentType>(
  type: T,
  json: unknown,
): Ok<DspDocumentMap[T]> | DspInvalid {
  validators ??= compileAll();
  const validate = validators.get(type);
  if (validate === undefined) throw new Error(`Cannot validate DSP document: unknown type "${type}"`);
  if (validate(json)) return ok(json as DspDocumentMap[T]);
  const errors = (validate.errors ?? []).map(describe);
  const first = errors[0] ?? { pointer: '/', message: 'is invalid' };
  return {
    ...err('invalid-dsp-message', `Cannot accept ${type}: ${first.pointer} ${first.message}`),
    errors,
  };
}
