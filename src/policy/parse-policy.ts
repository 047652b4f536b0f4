/**
 * Reads an ODRL 2.2 policy in the compacted JSON-LD form the Dataspace Protocol 2025-1 carries (Offer, Agreement, Set)
 * into {@link OdrlPolicy}. Structure is validated here and every problem is reported with its JSON path; vocabulary
 * (which actions, operands and operators exist) is the compiler's business, so a policy using a term Foedera does not
 * know still parses and then denies, as ODRL asks of a processor that meets a term it does not understand.
 */
import { err, ok } from '../shared/result.ts';
import type { Err, Result } from '../shared/result.ts';
import { expandTerm } from './namespaces.ts';
import type { OdrlPolicy, PolicyType, Rule, UnknownProperty } from './model.ts';
import { readConstraints, readDuties, readIri, readIriOrNode, readList } from './_internal/read-json.ts';
import type { Reader } from './_internal/read-json.ts';
import { parseDateTime } from './_internal/xsd.ts';

export type PolicyIssue = { readonly field: string; readonly message: string };
/** A refusal to read a policy: `detail` joins every issue; `issues` keeps them apart for a problem document. */
export type PolicyParseError = Err<'invalid-policy'> & { readonly issues: readonly PolicyIssue[] };

const POLICY_KEYS = new Set([
  '@context',
  '@id',
  'uid',
  '@type',
  'profile',
  'target',
  'assigner',
  'assignee',
  'timestamp',
  'conflict',
  'permission',
  'prohibition',
  'obligation',
]);
const RULE_KEYS = new Set(['@id', 'uid', '@type', 'action', 'constraint', 'target', 'assignee', 'assigner']);

const TYPES: Readonly<Record<string, PolicyType>> = {
  'http://www.w3.org/ns/odrl/2/Offer': 'Offer',
  'http://www.w3.org/ns/odrl/2/Agreement': 'Agreement',
  'http://www.w3.org/ns/odrl/2/Set': 'Set',
};

export function parsePolicy(json: unknown): Result<OdrlPolicy, 'invalid-policy'> {
  const issues: PolicyIssue[] = [];
  const unknown: UnknownProperty[] = [];
  const reader: Reader = {
    issue: (field, message) => issues.push({ field, message }),
    unknown: (path, name) => unknown.push({ path, name }),
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return parseError([{ field: '(policy)', message: 'expected a JSON object' }]);
  }
  const node = json as Record<string, unknown>;
  for (const key of Object.keys(node)) if (!POLICY_KEYS.has(key)) reader.unknown(key, key);

  const id = readId(node, '', reader);
  const type = readType(node, reader);
  const profiles = readProfiles(node['profile'], reader);
  const target = optionalIri(node, 'target', reader);
  const assigner = optionalIri(node, 'assigner', reader);
  const assignee = optionalIri(node, 'assignee', reader);
  let timestamp: number | undefined;
  if (node['timestamp'] !== undefined) {
    const parsed = typeof node['timestamp'] === 'string' ? parseDateTime(node['timestamp']) : undefined;
    if (parsed === undefined) reader.issue('timestamp', 'expected an xsd:dateTime string');
    else timestamp = parsed;
  }
  let conflict: string | undefined;
  if (node['conflict'] !== undefined) {
    if (typeof node['conflict'] === 'string') conflict = expandTerm(node['conflict']);
    else reader.issue('conflict', 'expected a conflict strategy name');
  }
  const permissions = readRules(node['permission'], { key: 'permission', reader, isPermission: true });
  const prohibitions = readRules(node['prohibition'], { key: 'prohibition', reader, isPermission: false });
  const obligations = readDuties(node['obligation'], 'obligation', reader);
  if (node['permission'] === undefined && node['prohibition'] === undefined) {
    reader.issue('permission', 'a policy needs at least one permission or prohibition');
  }
  if (type === 'Agreement') {
    for (const field of ['target', 'assigner', 'assignee'] as const) {
      if (node[field] === undefined) reader.issue(field, 'an Agreement must name its ' + field);
    }
  }
  if (issues.length > 0 || id === undefined || type === undefined) return parseError(issues);
  return ok({
    id,
    type,
    profiles,
    ...(target === undefined ? {} : { target }),
    ...(assigner === undefined ? {} : { assigner }),
    ...(assignee === undefined ? {} : { assignee }),
    ...(timestamp === undefined ? {} : { timestamp }),
    ...(conflict === undefined ? {} : { conflict }),
    permissions,
    prohibitions,
    obligations,
    unknownProperties: unknown,
  });
}

function parseError(issues: readonly PolicyIssue[]): PolicyParseError {
  const detail = issues.map((i) => `${i.field}: ${i.message}`).join('; ');
  return { ...err('invalid-policy', `Cannot read ODRL policy: ${detail}`), issues };
}

function readId(node: Record<string, unknown>, path: string, reader: Reader): string | undefined {
  const raw = node['@id'] ?? node['uid'];
  const field = path === '' ? '@id' : `${path}.@id`;
  if (typeof raw === 'string' && raw.length > 0) return raw;
  reader.issue(field, raw === undefined ? 'a policy must have an @id' : 'expected a non-empty IRI string');
  return undefined;
}

function readType(node: Record<string, unknown>, reader: Reader): PolicyType | undefined {
  const raw = node['@type'];
  // A catalog's offers may omit @type (DSP 2025-1 contract-schema.json, "Offer"); an Offer never grants by itself.
  if (raw === undefined) return 'Offer';
  if (typeof raw !== 'string') {
    reader.issue('@type', 'expected one of "Offer", "Agreement", "Set"');
    return undefined;
  }
  const type = TYPES[expandTerm(raw)];
  if (type === undefined)
    reader.issue('@type', `unknown policy type "${raw}": expected Offer, Agreement or Set`);
  return type;
}

function readProfiles(raw: unknown, reader: Reader): string[] {
  if (raw === undefined) return [];
  const items = Array.isArray(raw) ? (raw as unknown[]) : [raw];
  const out: string[] = [];
  items.forEach((item, i) => {
    const iri = readIriOrNode(item);
    if (iri === undefined)
      reader.issue(Array.isArray(raw) ? `profile[${i}]` : 'profile', 'expected a profile IRI');
    else out.push(iri);
  });
  return out;
}

function optionalIri(node: Record<string, unknown>, key: string, reader: Reader): string | undefined {
  if (node[key] === undefined) return undefined;
  const iri = readIriOrNode(node[key]);
  if (iri === undefined) reader.issue(key, 'expected an IRI string or an object with an @id');
  return iri;
}

function readRules(raw: unknown, options: { key: string; reader: Reader; isPermission: boolean }): Rule[] {
  const { key, reader, isPermission } = options;
  return readList(raw, key, reader).flatMap(({ item, path }) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      reader.issue(path, 'expected a rule object');
      return [];
    }
    const node = item as Record<string, unknown>;
    for (const name of Object.keys(node)) {
      if (!RULE_KEYS.has(name) && !(isPermission && name === 'duty')) reader.unknown(`${path}.${name}`, name);
    }
    const action = readIri(node['action'], `${path}.action`, reader);
    const constraints = readConstraints(node['constraint'], `${path}.constraint`, { reader });
    const duties = isPermission ? readDuties(node['duty'], `${path}.duty`, reader) : [];
    const target = optionalIri(node, 'target', scoped(reader, path));
    const assignee = optionalIri(node, 'assignee', scoped(reader, path));
    const assigner = optionalIri(node, 'assigner', scoped(reader, path));
    if (action === undefined) return [];
    const rule: Rule = {
      path,
      action,
      constraints,
      duties,
      ...(target === undefined ? {} : { target }),
      ...(assignee === undefined ? {} : { assignee }),
      ...(assigner === undefined ? {} : { assigner }),
    };
    return [rule];
  });
}

function scoped(reader: Reader, path: string): Reader {
  return { issue: (field, message) => reader.issue(`${path}.${field}`, message), unknown: reader.unknown };
}
