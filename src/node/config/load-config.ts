/** Reads and validates `HOME/foedera.json`; a bad file is reported with its path and the first wrong field. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Value } from 'typebox/value';
import { InvalidInputError } from '../../shared/errors.ts';
import { NodeConfigSchema, type NodeConfig } from './schema.ts';

export const CONFIG_FILE = 'foedera.json';

export async function loadNodeConfig(home: string): Promise<NodeConfig> {
  const file = join(home, CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new InvalidInputError(file, `Cannot read node config "${file}": ${(cause as Error).message}`, {
      cause,
    });
  }
  return parseNodeConfig(text, file);
}

export function parseNodeConfig(text: string, file: string): NodeConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new InvalidInputError(file, `Cannot parse node config "${file}": ${(cause as Error).message}`, {
      cause,
    });
  }
  // `additionalProperties: false` also yields a vaguer "schema is false" error for the same field: skip it.
  const first = Value.Errors(NodeConfigSchema, json).find((e) => e.keyword !== 'boolean');
  if (first !== undefined) {
    const field = fieldName(first.instancePath, first.params);
    const why =
      first.keyword === 'required'
        ? 'is missing'
        : first.keyword === 'additionalProperties'
          ? 'is not allowed'
          : first.message;
    throw new InvalidInputError(field, `Invalid node config "${file}": field "${field}" ${why}`);
  }
  return json as NodeConfig;
}

/** JSON pointer `/tls/key` becomes `tls.key`; a missing property is named from the error's parameters. */
function fieldName(instancePath: string, params: object): string {
  const path = instancePath.split('/').filter(Boolean);
  if ('requiredProperties' in params && Array.isArray(params.requiredProperties)) {
    path.push(String(params.requiredProperties[0]));
  }
  if ('additionalProperties' in params && Array.isArray(params.additionalProperties)) {
    path.push(String(params.additionalProperties[0]));
  }
  return path.length > 0 ? path.join('.') : '(root)';
}
