/**
 * Answers a segment request from the blob store. Where the store has positioned reads (the filesystem), the segment
 * goes out through a buffer reused from answer to answer, the next read waiting until the socket took the last one:
 * a fresh buffer per read outlived the young generation while TLS sent it, and cost the owner full garbage
 * collections of its heap. Other stores stream as before.
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';
import type { BlobStore } from '../../store/blob/port.ts';
import { collectSegmentGarbage } from '../_internal/segment-garbage.ts';
import type { SegmentEntry } from '../format/manifest.ts';

const SERVE_BUFFER = 256 * 1024;
const SPARE_BUFFERS = 16;
const spare: Buffer[] = [];

/** Resolves once the socket took `chunk` (the buffer may then be reused); rejects if the answer is closed first. */
export function written(response: ServerResponse, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    if (response.destroyed) {
      reject(new Error('The answer was closed'));
      return;
    }
    const onClose = () => reject(new Error('The answer was closed'));
    response.once('close', onClose);
    response.write(chunk, (error) => {
      response.off('close', onClose);
      if (error) reject(error);
      else resolve();
    });
  });
}

export async function sendSegment(
  reply: FastifyReply,
  blobs: BlobStore,
  segment: SegmentEntry,
): Promise<FastifyReply> {
  reply
    .type('application/octet-stream')
    .header('content-length', segment.size)
    .header('cache-control', 'private, immutable');
  const reader = blobs.openReader === undefined ? undefined : await blobs.openReader(segment.hash);
  if (reader === undefined) return reply.send(await blobs.get(segment.hash));
  reply.hijack();
  const response = reply.raw;
  const buffer = spare.pop() ?? Buffer.allocUnsafeSlow(SERVE_BUFFER);
  try {
    response.writeHead(200, reply.getHeaders() as OutgoingHttpHeaders);
    for (let position = 0; position < reader.size;) {
      const read = await reader.read(buffer, position);
      if (read === 0) break;
      position += read;
      await written(response, buffer.subarray(0, read));
    }
    response.end();
  } catch {
    // The peer went away or the disk failed mid-answer: the cut answer is what the client retries.
    response.destroy();
  } finally {
    await reader.close().catch(() => {});
    if (spare.length < SPARE_BUFFERS) spare.push(buffer);
    // What the answer's request, reply and writes left behind (they lived while the segment went out).
    collectSegmentGarbage();
  }
  return reply;
}
