import type { Readable } from 'node:stream';

/** Lower-case hex SHA-256 of a blob's bytes: the blob's name in every adapter. */
export type Sha256Hex = string;

/** A byte range; `end` is inclusive, as in HTTP `Range` and `fs.createReadStream`, and defaults to the last byte. */
export type ByteRange = { start: number; end?: number };

/**
 * Content-addressed blob storage. Objects are named by the SHA-256 of their bytes, streamed in and out (never held
 * whole in memory), and appear under their name only once completely and durably written.
 *
 * Errors: `BlobDigestMismatchError` when `put` receives other bytes than `expected` says (nothing is stored),
 * `BlobNotFoundError` from `get` of an absent object, `BlobRangeError` for a range outside the object (a range that
 * starts exactly at the end is valid and empty, so a finished resumable read can ask for "the rest").
 */
export interface BlobStore {
  readonly kind: 'fs' | 's3';
  put(
    source: AsyncIterable<Uint8Array> | Readable,
    expected?: { sha256?: Sha256Hex },
  ): Promise<{ sha256: Sha256Hex; size: number }>;
  get(sha256: Sha256Hex, range?: ByteRange): Promise<Readable>;
  /**
   * Positioned reads of an object into the caller's buffer, for serving it without a buffer allocated per read;
   * `undefined` for an absent object. Only adapters with cheap positioned reads (the filesystem) have it.
   */
  openReader?(sha256: Sha256Hex): Promise<BlobReader | undefined>;
  has(sha256: Sha256Hex): Promise<boolean>;
  stat(sha256: Sha256Hex): Promise<{ size: number } | undefined>;
  /** Removes the object; removing an absent object is not an error. */
  delete(sha256: Sha256Hex): Promise<void>;
  close(): Promise<void>;
}

export type BlobReader = {
  readonly size: number;
  /** Fills `into` from `position` on; answers how many bytes it read (0 at the end). */
  read(into: Buffer, position: number): Promise<number>;
  close(): Promise<void>;
};

export type OpenBlobStoreOptions = {
  /** `s3://bucket[/prefix]?endpoint=…&region=…&forcePathStyle=true` or `file:///path`; wins over `dir`. */
  url?: string;
  /** Directory of the filesystem store (created if absent). */
  dir?: string;
};
