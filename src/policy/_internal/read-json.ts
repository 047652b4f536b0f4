/** Shared readers for the parts of an ODRL policy: lists, IRIs, constraints, duties and right operands. */
import { expandTerm } from '../namespaces.ts';
import type { Constraint, Duty, LogicalOperator, OperandValue } from '../model.ts';

export type Reader = {
  issue(field: string, message: string): void;
  unknown(path: string, name: string): void;
};

const LOGICAL: readonly LogicalOperator[] = ['and', 'andSequence', 'or', 'xone'];
const ATOMIC_KEYS = new Set(['@id', 'uid', '@type', 'leftOperand', 'operator', 'rightOperand', 'dataType']);
// A duty naming its own target or parties (a third party to inform, another asset to delete) is not supported: those
// keys are left unknown so that the policy denies rather than hand the wrong party an obligation.
const DUTY_KEYS = new Set(['@id', 'uid', '@type', 'action', 'constraint']);
/** Deep enough for any policy a person writes; deeper input is refused before it can exhaust the stack. */
const MAX_DEPTH = 32;

/** JSON-LD `@set` containers accept one object where a list is expected; both read as a list. */
export function readList(raw: unknown, path: string, reader: Reader): { item: unknown; path: string }[] {
  if (raw === undefined) return [];
  if (Array.isArray(raw)) {
    if (raw.length === 0) reader.issue(path, 'expected at least one entry');
    return (raw as unknown[]).map((item, i) => ({ item, path: `${path}[${i}]` }));
  }
  return [{ item: raw, path }];
}

export function readIriOrNode(raw: unknown): string | undefined {
  if (typeof raw === 'string' && raw.length > 0) return raw;
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    const id = (raw as Record<string, unknown>)['@id'];
    if (typeof id === 'string' && id.length > 0) return id;
  }
  return undefined;
}

/** A vocabulary term (`use`, `odrl:use`, `foedera:compute`, a full IRI, or `{ "@id": … }`) expanded to its IRI. */
export function readIri(raw: unknown, path: string, reader: Reader): string | undefined {
  const term = readIriOrNode(raw);
  if (term === undefined) {
    reader.issue(path, raw === undefined ? 'is required' : 'expected a term or an IRI string');
    return undefined;
  }
  return expandTerm(term);
}

export function readConstraints(
  raw: unknown,
  path: string,
  options: { reader: Reader; depth?: number },
): Constraint[] {
  const { reader, depth = 0 } = options;
  return readList(raw, path, reader).flatMap(({ item, path: at }) => {
    const constraint = readConstraint(item, at, { reader, depth });
    return constraint === undefined ? [] : [constraint];
  });
}

function readConstraint(
  raw: unknown,
  path: string,
  options: { reader: Reader; depth: number },
): Constraint | undefined {
  const { reader, depth } = options;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    reader.issue(path, 'expected a constraint object');
    return undefined;
  }
  if (depth >= MAX_DEPTH) {
    reader.issue(path, `constraints nest deeper than ${MAX_DEPTH} levels`);
    return undefined;
  }
  const node = raw as Record<string, unknown>;
  const logical = LOGICAL.filter((op) => node[op] !== undefined);
  if (logical.length > 1) {
    reader.issue(path, `a logical constraint has exactly one operator, found ${logical.join(', ')}`);
    return undefined;
  }
  const op = logical[0];
  if (op !== undefined) {
    for (const name of Object.keys(node)) {
      if (name !== op && name !== '@id' && name !== 'uid' && name !== '@type')
        reader.unknown(`${path}.${name}`, name);
    }
    let operands = node[op];
    // A JSON-LD list may arrive as { "@list": [...] } (andSequence is ordered).
    if (
      typeof operands === 'object' &&
      operands !== null &&
      !Array.isArray(operands) &&
      '@list' in operands
    ) {
      operands = (operands as Record<string, unknown>)['@list'];
    }
    if (!Array.isArray(operands) || operands.length === 0) {
      reader.issue(`${path}.${op}`, 'expected a non-empty list of constraints');
      return undefined;
    }
    return {
      kind: op,
      path,
      constraints: readConstraints(operands, `${path}.${op}`, { reader, depth: depth + 1 }),
    };
  }
  for (const name of Object.keys(node)) if (!ATOMIC_KEYS.has(name)) reader.unknown(`${path}.${name}`, name);
  const leftOperand = readIri(node['leftOperand'], `${path}.leftOperand`, reader);
  const operator = readIri(node['operator'], `${path}.operator`, reader);
  let datatype: string | undefined;
  if (node['dataType'] !== undefined) {
    datatype = readIri(node['dataType'], `${path}.dataType`, reader);
  }
  const rightOperand = readRightOperand(node['rightOperand'], `${path}.rightOperand`, { reader, datatype });
  if (leftOperand === undefined || operator === undefined || rightOperand === undefined) return undefined;
  return { kind: 'atomic', path, leftOperand, operator, rightOperand };
}

function readRightOperand(
  raw: unknown,
  path: string,
  options: { reader: Reader; datatype: string | undefined },
): OperandValue | OperandValue[] | undefined {
  if (raw === undefined) {
    options.reader.issue(path, 'is required');
    return undefined;
  }
  let list: unknown = raw;
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw) && '@list' in raw) {
    list = (raw as Record<string, unknown>)['@list'];
  }
  if (Array.isArray(list)) {
    if (list.length === 0) options.reader.issue(path, 'expected at least one value');
    const values = (list as unknown[]).map((item, i) => readValue(item, `${path}[${i}]`, options));
    return values.every((v) => v !== undefined) ? values : undefined;
  }
  return readValue(raw, path, options);
}

function readValue(
  raw: unknown,
  path: string,
  options: { reader: Reader; datatype: string | undefined },
): OperandValue | undefined {
  const withType = (value: string | number | boolean, datatype: string | undefined): OperandValue =>
    datatype === undefined ? { kind: 'literal', value } : { kind: 'literal', value, datatype };
  if (typeof raw === 'string' || typeof raw === 'boolean') return withType(raw, options.datatype);
  if (typeof raw === 'number') {
    if (Number.isFinite(raw)) return withType(raw, options.datatype);
  } else if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    const node = raw as Record<string, unknown>;
    const id = node['@id'];
    if (typeof id === 'string' && id.length > 0 && Object.keys(node).length === 1)
      return { kind: 'iri', iri: id };
    const value = node['@value'];
    const type = node['@type'];
    const onlyKnownKeys = Object.keys(node).every((k) => k === '@value' || k === '@type');
    if (
      onlyKnownKeys &&
      (typeof value === 'string' ||
        typeof value === 'boolean' ||
        (typeof value === 'number' && Number.isFinite(value))) &&
      (type === undefined || typeof type === 'string')
    ) {
      return withType(value, type === undefined ? options.datatype : expandTerm(type));
    }
  }
  options.reader.issue(path, 'expected a literal, { "@value", "@type" } or { "@id" }');
  return undefined;
}

export function readDuties(raw: unknown, path: string, reader: Reader): Duty[] {
  return readList(raw, path, reader).flatMap(({ item, path: at }) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      reader.issue(at, 'expected a duty object');
      return [];
    }
    const node = item as Record<string, unknown>;
    for (const name of Object.keys(node)) if (!DUTY_KEYS.has(name)) reader.unknown(`${at}.${name}`, name);
    const action = readIri(node['action'], `${at}.action`, reader);
    const constraints = readConstraints(node['constraint'], `${at}.constraint`, { reader });
    return action === undefined ? [] : [{ path: at, action, constraints }];
  });
}
