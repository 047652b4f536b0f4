import { Readable } from 'node:stream';

/** The first `length` bytes of `source`, after which `source` is destroyed (its connection released). */
export function limitStream(source: Readable, length: number): Readable {
  async function* take() {
    let left = length;
    try {
      for await (const chunk of source) {
        const bytes = chunk as Buffer;
        if (bytes.length >= left) {
          yield bytes.subarray(0, left);
          return;
        }
        left -= bytes.length;
        yield bytes;
      }
    } finally {
      source.destroy();
    }
  }
  return Readable.from(take(), { objectMode: false });
}
