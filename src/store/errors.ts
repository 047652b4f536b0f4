import { FoederaError } from '../shared/errors.ts';

/** A store could not be opened or reached: the message names the URL (without password) or the directory. */
export class StoreUnavailableError extends FoederaError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('store-unavailable', message, options);
  }
}

/** A store call was used in a way that cannot work, such as a query on `db` inside a PGlite transaction. */
export class StoreMisuseError extends FoederaError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('store-misuse', message, options);
  }
}

export class BlobNotFoundError extends FoederaError {
  readonly sha256: string;
  constructor(sha256: string) {
    super('blob-not-found', `Cannot read blob "${sha256}": no such object`);
    this.sha256 = sha256;
  }
}

/** The bytes received do not hash to the digest the caller expected: nothing was stored. */
export class BlobDigestMismatchError extends FoederaError {
  readonly expected: string;
  readonly actual: string;
  constructor(options: { expected: string; actual: string }) {
    super(
      'blob-digest-mismatch',
      `Cannot store blob "${options.expected}": content hashes to "${options.actual}"`,
    );
    this.expected = options.expected;
    this.actual = options.actual;
  }
}

export class BlobRangeError extends FoederaError {
  constructor(message: string) {
    super('blob-range-not-satisfiable', message);
  }
}
