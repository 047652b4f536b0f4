/**
 * Thrown errors carry a stable string `code` (for logs, metrics and problem documents) and keep their `cause`.
 * Anything else thrown is normalised once, at the boundary, by `toFoederaError`.
 */
export class FoederaError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Input from outside (a file, a flag, a request body) failed validation; `field` names where. */
export class InvalidInputError extends FoederaError {
  readonly field: string;
  constructor(field: string, message: string, options?: { cause?: unknown }) {
    super('invalid-input', message, options);
    this.field = field;
  }
}

export function toFoederaError(error: unknown): FoederaError {
  if (error instanceof FoederaError) return error;
  if (error instanceof Error) return new FoederaError('internal', error.message, { cause: error });
  return new FoederaError('internal', `Unexpected non-error thrown: ${String(error)}`);
}
