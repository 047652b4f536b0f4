/** Adapters between the encrypted-object format and the blob store: segments go in and come out by their SHA-256. */
import type { BlobStore } from '../../store/blob/port.ts';
import type { SegmentReader } from '../format/decrypt-segments.ts';
import type { HashingSegmentSink } from '../format/encrypt-segments.ts';

/**
 * Sealed segments into the blob store, which names each by the SHA-256 it computes while writing. The segment's
 * pieces go in as they are: the store gathers small ones into large writes itself.
 */
export function blobSegmentSink(blobs: BlobStore): HashingSegmentSink {
  return {
    keep: async (segment) => {
      async function* bytes() {
        yield* segment.chunks;
      }
      return (await blobs.put(bytes())).sha256;
    },
  };
}

/** Pieces read into one reused buffer where the store has positioned reads (the reader's contract allows it). */
const READ_SIZE = 256 * 1024;

/**
 * Segments out of the blob store. Where it has positioned reads (the filesystem), every piece is read into one buffer
 * of this reader, reused from piece to piece and segment to segment: a fresh buffer per read was garbage the size of
 * the object, freed only by full garbage collections.
 */
export function blobSegmentReader(blobs: BlobStore): SegmentReader {
  let buffer: Buffer | undefined;
  return async (segment) => {
    if (blobs.openReader === undefined)
      return (await blobs.has(segment.hash)) ? blobs.get(segment.hash) : undefined;
    const reader = await blobs.openReader(segment.hash);
    if (reader === undefined) return undefined;
    const into = (buffer ??= Buffer.allocUnsafeSlow(READ_SIZE));
    return (async function* pieces() {
      try {
        for (let position = 0; position < reader.size;) {
          const read = await reader.read(into, position);
          if (read === 0) break;
          position += read;
          yield into.subarray(0, read);
        }
      } finally {
        await reader.close();
      }
    })();
  };
}
