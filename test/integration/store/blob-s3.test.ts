import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runBlobStoreContract } from '../../../src/store/blob/contract.ts';
import { openBlobStore } from '../../../src/store/blob/open.ts';
import { StoreUnavailableError } from '../../../src/store/errors.ts';
import { startS3Server, type S3Server } from './fixtures/s3-server.ts';

let server: S3Server;
before(async () => {
  server = await startS3Server();
});
after(async () => {
  await server.stop();
});

runBlobStoreContract({ name: 'S3 (s3rver)', create: () => openBlobStore({ url: server.url }) });

describe('S3 blob store', () => {
  test('openBlobStore() names a bucket that does not exist', async () => {
    const url = server.url.replace(`s3://${server.bucket}`, 's3://no-such-bucket');
    await assert.rejects(
      openBlobStore({ url }),
      (error: unknown) =>
        error instanceof StoreUnavailableError &&
        /bucket "no-such-bucket" at http:\/\/127\.0\.0\.1/.test(error.message),
    );
  });

  test('openBlobStore() names an endpoint where no server listens', async () => {
    await assert.rejects(
      openBlobStore({ url: 's3://foedera-test?endpoint=http://127.0.0.1:1&forcePathStyle=true' }),
      (error: unknown) =>
        error instanceof StoreUnavailableError && error.message.includes('http://127.0.0.1:1'),
    );
  });
});
