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

export function blobSegmentReader(blobs: BlobStore): SegmentReader {
  return async (segment) => ((await blobs.has(segment.hash)) ? blobs.get(segment.hash) : undefined);
}
