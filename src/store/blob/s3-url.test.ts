import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidInputError } from '../../shared/errors.ts';
import { parseS3Url } from './s3-url.ts';

test('parseS3Url() reads bucket, prefix, endpoint, region and path style', () => {
  assert.deepEqual(
    parseS3Url(
      's3://foedera-blobs/node-fra?endpoint=http://127.0.0.1:9000&region=eu-west-3&forcePathStyle=true',
    ),
    {
      bucket: 'foedera-blobs',
      prefix: 'node-fra/',
      endpoint: 'http://127.0.0.1:9000',
      region: 'eu-west-3',
      forcePathStyle: true,
    },
  );
});

test('parseS3Url() defaults to no prefix, the default region and virtual-hosted style', () => {
  assert.deepEqual(parseS3Url('s3://blobs', 'eu-central-1'), {
    bucket: 'blobs',
    prefix: '',
    region: 'eu-central-1',
    forcePathStyle: false,
  });
});

test('parseS3Url() refuses another scheme, credentials in the URL and a bad bucket name', () => {
  assert.throws(() => parseS3Url('http://blobs'), InvalidInputError);
  assert.throws(() => parseS3Url('s3://key:secret@blobs'), /AWS_ACCESS_KEY_ID/);
  assert.throws(() => parseS3Url('s3://B_ad'), /bucket name/);
  assert.throws(() => parseS3Url('s3://blobs?forcePathStyle=yes'), /forcePathStyle/);
});
