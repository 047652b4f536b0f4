import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { test } from 'node:test';
import { inLargeChunks } from './http.ts';

test('inLargeChunks() gives the same bytes in chunks of the asked size, the last one shorter', async () => {
  const bytes = randomBytes(100_000);
  const pieces = Array.from({ length: Math.ceil(bytes.length / 16_384) }, (_, i) =>
    bytes.subarray(i * 16_384, (i + 1) * 16_384),
  );
  const chunks: Buffer[] = [];
  for await (const chunk of inLargeChunks(Readable.from(pieces), 30_000)) chunks.push(chunk);
  assert.deepEqual(
    chunks.map((chunk) => chunk.length),
    [30_000, 30_000, 30_000, 10_000],
  );
  assert.ok(Buffer.concat(chunks).equals(bytes));
});

test('inLargeChunks() refuses a body cut short and destroys a source it stops reading', async () => {
  const cut = new PassThrough();
  const reading = (async () => {
    for await (const _chunk of inLargeChunks(cut, 1024)) {
      // consume
    }
  })();
  cut.write(Buffer.alloc(100));
  cut.destroy();
  await assert.rejects(reading, /closed before the body ended/);

  const source = Readable.from([Buffer.alloc(2048), Buffer.alloc(2048)]);
  for await (const _chunk of inLargeChunks(source, 1024)) break;
  assert.equal(source.destroyed, true);
});
