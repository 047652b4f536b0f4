/** Reading the right operand of a constraint as the type its left operand needs, with a message naming the field. */
import { compactIri } from '../namespaces.ts';
import type { OperandValue } from '../model.ts';
import { parseDateTime, parseDuration } from './xsd.ts';
import type { Duration } from './xsd.ts';

const XSD = 'http://www.w3.org/2001/XMLSchema#';

export type Coerced<T> = { ok: true; value: T } | { ok: false; message: string };

const show = (v: OperandValue): string => (v.kind === 'iri' ? `<${v.iri}>` : JSON.stringify(v.value));

function typed(v: OperandValue, allowed: readonly string[]): string | undefined {
  if (v.kind === 'literal' && v.datatype !== undefined && !allowed.includes(v.datatype)) {
    return `datatype ${compactIri(v.datatype)} is not one of ${allowed.map((d) => d.replace(XSD, 'xsd:')).join(', ')}`;
  }
  return undefined;
}

export function single(raw: OperandValue | readonly OperandValue[]): Coerced<OperandValue> {
  if (!Array.isArray(raw)) return { ok: true, value: raw as OperandValue };
  const list = raw as readonly OperandValue[];
  if (list.length === 1 && list[0] !== undefined) return { ok: true, value: list[0] };
  return { ok: false, message: 'expected one value, not a list' };
}

export function asInstant(v: OperandValue): Coerced<number> {
  const wrongType = typed(v, [`${XSD}dateTime`, `${XSD}date`, `${XSD}dateTimeStamp`]);
  if (wrongType !== undefined) return { ok: false, message: wrongType };
  const ms = v.kind === 'literal' && typeof v.value === 'string' ? parseDateTime(v.value) : undefined;
  return ms === undefined
    ? { ok: false, message: `expected an xsd:dateTime, got ${show(v)}` }
    : { ok: true, value: ms };
}

export function asDuration(v: OperandValue): Coerced<Duration> {
  const wrongType = typed(v, [`${XSD}duration`, `${XSD}dayTimeDuration`, `${XSD}yearMonthDuration`]);
  if (wrongType !== undefined) return { ok: false, message: wrongType };
  const d = v.kind === 'literal' && typeof v.value === 'string' ? parseDuration(v.value) : undefined;
  return d === undefined
    ? { ok: false, message: `expected an xsd:duration such as "P30D", got ${show(v)}` }
    : { ok: true, value: d };
}

export function asCount(v: OperandValue): Coerced<number> {
  const wrongType = typed(v, [
    `${XSD}integer`,
    `${XSD}nonNegativeInteger`,
    `${XSD}positiveInteger`,
    `${XSD}int`,
  ]);
  if (wrongType !== undefined) return { ok: false, message: wrongType };
  const n =
    v.kind !== 'literal'
      ? NaN
      : typeof v.value === 'number'
        ? v.value
        : typeof v.value === 'string' && /^\d+$/.test(v.value)
          ? Number(v.value)
          : NaN;
  return Number.isSafeInteger(n) && n >= 0
    ? { ok: true, value: n }
    : { ok: false, message: `expected a non-negative integer, got ${show(v)}` };
}

export function asBoolean(v: OperandValue): Coerced<boolean> {
  const wrongType = typed(v, [`${XSD}boolean`]);
  if (wrongType !== undefined) return { ok: false, message: wrongType };
  if (v.kind === 'literal' && (v.value === true || v.value === 'true')) return { ok: true, value: true };
  if (v.kind === 'literal' && (v.value === false || v.value === 'false')) return { ok: true, value: false };
  return { ok: false, message: `expected true or false, got ${show(v)}` };
}

/** A term is compared as written: an IRI, or a literal string such as a purpose code or a country code. */
export function asTerm(v: OperandValue): Coerced<string> {
  if (v.kind === 'iri') return { ok: true, value: v.iri };
  const wrongType = typed(v, [`${XSD}string`, `${XSD}anyURI`, `${XSD}token`]);
  if (wrongType !== undefined) return { ok: false, message: wrongType };
  return typeof v.value === 'string' && v.value.length > 0
    ? { ok: true, value: v.value }
    : { ok: false, message: `expected a term (a non-empty string or an IRI), got ${show(v)}` };
}

export function asTerms(raw: OperandValue | readonly OperandValue[]): Coerced<string[]> {
  const list = Array.isArray(raw) ? (raw as readonly OperandValue[]) : [raw as OperandValue];
  const out: string[] = [];
  for (const [i, v] of list.entries()) {
    const term = asTerm(v);
    if (!term.ok) return { ok: false, message: Array.isArray(raw) ? `[${i}] ${term.message}` : term.message };
    out.push(term.value);
  }
  return { ok: true, value: out };
}
