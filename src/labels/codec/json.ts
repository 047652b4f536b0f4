/**
 * Canonical JSON of a label (RFC 8785 JSON Canonicalization Scheme): the byte string that is digested and signed by
 * the binding, so two nodes that hold the same label produce the same bytes. The reader is strict (label-shape.ts).
 */
import canonicalize from 'canonicalize';
import type { ConfidentialityLabel } from '../label.ts';
import { decodeError, readLabelShape, type LabelDecodeResult } from './label-shape.ts';

/** Largest JSON label text accepted, well above any real label (64 categories of 1024 values would not fit). */
export const MAX_LABEL_JSON_BYTES = 256 * 1024;

export function canonicalLabelJson(label: ConfidentialityLabel): string {
  const text = canonicalize(label);
  // canonicalize() answers undefined only for undefined input, which the type rules out.
  if (text === undefined) throw new TypeError('Cannot canonicalise label: nothing to serialise');
  return text;
}

export function labelFromJsonValue(value: unknown): LabelDecodeResult {
  return readLabelShape(value);
}

export function parseLabelJson(text: string): LabelDecodeResult {
  if (text.length > MAX_LABEL_JSON_BYTES) {
    return decodeError('label', `must be at most ${MAX_LABEL_JSON_BYTES} characters of JSON`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return decodeError('label', `is not JSON (${(error as Error).message})`);
  }
  return readLabelShape(value);
}
