import { InvalidInputError } from '../../shared/errors.ts';

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function isSha256Hex(value: string): boolean {
  return SHA256_HEX.test(value);
}

/** Refuses anything but 64 lower-case hex digits, so a blob name can never be a path or a key outside the store. */
export function assertSha256Hex(value: string, field = 'sha256'): void {
  if (!SHA256_HEX.test(value)) {
    throw new InvalidInputError(
      field,
      `Cannot use "${value}" as a blob name: expected 64 lower-case hex digits`,
    );
  }
}
