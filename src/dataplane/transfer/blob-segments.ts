/** Adapters between the encrypted-object format and the blob store: segments go in and come out by their SHA-256. */
import type { BlobStore } from '../../store/blob/port.ts';
import type { SegmentReader } from '../format/decrypt-segments.ts';
import type { SegmentSink } from '../format/encrypt-segments.ts';

export function blobSegmentSink(blobs: BlobStore): SegmentSink {
  return async (segment) => {
    async function* bytes() {
      yield* segment.chunks;
    }
    await blobs.put(bytes(), { sha256: segment.hash });
  };
}

export function blobSegmentReader(blobs: BlobStore): SegmentReader {
  return async (segment) => ((await blobs.has(segment.hash)) ? blobs.get(segment.hash) : undefined);
}
