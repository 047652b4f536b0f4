import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { limitStream } from './limit-stream.ts';

test('limitStream() passes the first bytes on and destroys the source after them', async () => {
  const source = Readable.from([Buffer.from('abc'), Buffer.from('defg'), Buffer.from('hij')]);
  const chunks: Buffer[] = [];
  for await (const chunk of limitStream(source, 5)) chunks.push(chunk as Buffer);
  assert.equal(Buffer.concat(chunks).toString(), 'abcde');
  assert.equal(source.destroyed, true);
});

test('limitStream() ends early when the source is shorter than the limit', async () => {
  const chunks: Buffer[] = [];
  for await (const chunk of limitStream(Readable.from([Buffer.from('ab')]), 5)) chunks.push(chunk as Buffer);
  assert.equal(Buffer.concat(chunks).toString(), 'ab');
});
