/**
 * RFC 8785 (JCS) canonical JSON of the JSON values an entry's details may hold, written for the append path: it
 * runs once per audited act inside the appending transaction. Strings and numbers are serialised as ECMAScript's
 * JSON.stringify does (which is what JCS specifies), members sorted by UTF-16 code units (Array.prototype.sort's
 * default order); lone surrogates, non-finite numbers and cycles are refused as JCS requires. The codec's property
 * test holds it equal to the `canonicalize` package.
 */
const LONE_SURROGATE = /\p{Cs}/u;

function str(value: string): string {
  if (LONE_SURROGATE.test(value)) throw new TypeError('Cannot canonicalise a string with a lone surrogate');
  return JSON.stringify(value);
}

function write(value: unknown, seen: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return str(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`Cannot canonicalise the number ${value}`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      return value === null ? 'null' : writeObject(value, seen);
    case 'bigint':
    case 'function':
    case 'symbol':
    case 'undefined':
      throw new TypeError(`Cannot canonicalise a value of type ${typeof value}`);
  }
}

function writeObject(value: object, seen: Set<object>): string {
  if (seen.has(value)) throw new TypeError('Cannot canonicalise a circular structure');
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return write((value as { toJSON: () => unknown }).toJSON(), seen);
  seen.add(value);
  let out: string;
  if (Array.isArray(value)) {
    out = '[';
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (i > 0) out += ',';
      out += item === undefined || typeof item === 'symbol' ? 'null' : write(item, seen);
    }
    out += ']';
  } else {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    out = '{';
    let first = true;
    for (const key of keys) {
      const member = record[key];
      if (member === undefined || typeof member === 'symbol') continue;
      out += `${first ? '' : ','}${str(key)}:${write(member, seen)}`;
      first = false;
    }
    out += '}';
  }
  seen.delete(value);
  return out;
}

export function canonicalJson(value: unknown): string {
  return write(value, new Set());
}
