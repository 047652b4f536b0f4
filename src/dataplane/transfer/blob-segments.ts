/** Adapters between the encrypted-object format and the blob store: segments go in and come out by their SHA-256. */
import type { BlobStore } from '../../store/blob/port.ts';
import type { SegmentReader } from '../format/decrypt-segments.ts';
import type { HashingSegmentSink } from '../format/encrypt-segments.ts';

/** The store awaits one write per piece: a sealed segment's many small pieces go in as writes of about 1 MiB. */
const WRITE_SIZE = 1024 * 1024;

function* joined(chunks: readonly Buffer[]): Generator<Buffer> {
  let parts: Buffer[] = [];
  let held = 0;
  for (const chunk of chunks) {
    parts.push(chunk);
    held += chunk.length;
    if (held >= WRITE_SIZE) {
      yield parts.length === 1 ? chunk : Buffer.concat(parts, held);
      parts = [];
      held = 0;
    }
  }
  if (held > 0 || parts.length > 0) yield Buffer.concat(parts, held);
}

/** Sealed segments into the blob store, which names each by the SHA-256 it computes while writing. */
export function blobSegmentSink(blobs: BlobStore): HashingSegmentSink {
  return {
    keep: async (segment) => {
      async function* bytes() {
        yield* joined(segment.chunks);
      }
      return (await blobs.put(bytes())).sha256;
    },
  };
}

export function blobSegmentReader(blobs: BlobStore): SegmentReader {
  return async (segment) => ((await blobs.has(segment.hash)) ? blobs.get(segment.hash) : undefined);
}
