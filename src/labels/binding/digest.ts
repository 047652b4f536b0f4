/** SHA-384 digests of data, whole or streamed, with node's crypto (the digest STANAG 4778 bindings here sign). */
import { createHash } from 'node:crypto';

export const SHA384_BYTES = 48;

export function sha384(data: Uint8Array | string): Uint8Array {
  return new Uint8Array(createHash('sha384').update(data).digest());
}

/** Digests a stream chunk by chunk, so that data of any size is bound without being held in memory. */
export async function sha384OfStream(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const hash = createHash('sha384');
  for await (const chunk of chunks) hash.update(chunk);
  return new Uint8Array(hash.digest());
}

export const toBase64Url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');
