import { BlobRangeError } from '../errors.ts';
import type { ByteRange } from './port.ts';

/**
 * The inclusive byte positions to read from an object of `size` bytes, or `undefined` for none (a range that
 * starts at the end). An `end` past the object is clamped, as HTTP does.
 */
export function resolveRange(range: ByteRange, size: number): { start: number; end: number } | undefined {
  const { start } = range;
  const end = range.end ?? size - 1;
  if (!Number.isSafeInteger(start) || start < 0 || !Number.isSafeInteger(end)) {
    throw new BlobRangeError(`Cannot read bytes ${start}-${end}: positions must be non-negative integers`);
  }
  if (start > size) {
    throw new BlobRangeError(`Cannot read from byte ${start}: the object has ${size} bytes`);
  }
  if (start === size) return undefined;
  if (end < start) {
    throw new BlobRangeError(`Cannot read bytes ${start}-${end}: the range ends before it starts`);
  }
  return { start, end: Math.min(end, size - 1) };
}
