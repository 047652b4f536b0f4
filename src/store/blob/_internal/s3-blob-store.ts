import { createHash, randomUUID } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { InvalidInputError } from '../../../shared/errors.ts';
import { BlobDigestMismatchError, BlobNotFoundError, StoreUnavailableError } from '../../errors.ts';
import { assertSha256Hex } from '../digest.ts';
import type { BlobStore } from '../port.ts';
import { resolveRange } from '../range.ts';
import type { S3Location } from '../s3-url.ts';
import { limitStream } from './limit-stream.ts';
import { copyObject } from './s3-copy.ts';

/** Parts of 8 MiB, four in flight: at most 32 MiB of an object is ever in memory. */
const PART_SIZE = 8 * 1024 ** 2;
const QUEUE_SIZE = 4;
/** Temporary objects older than this are leftovers of a crashed writer (uploads do not take a day). */
const TEMP_MAX_AGE_MS = 24 * 3600 * 1000;

const statusOf = (error: unknown) =>
  (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

/**
 * Blobs as objects `<prefix>sha256/<hex>`. The digest is known only once the last byte has gone by, so a put
 * streams to `<prefix>tmp/<uuid>` (multipart) while hashing, then copies server-side to the final key and deletes
 * the temporary one. That is one pass through the node and needs no local disk; a crash leaves at most a temporary
 * object, never a wrong one under a digest name. Temporary objects older than a day are removed on open (a bucket
 * lifecycle rule on `tmp/` and on incomplete multipart uploads is the operator's belt and braces).
 */
export async function openS3BlobStore(location: S3Location): Promise<BlobStore> {
  const { bucket, prefix } = location;
  const where = `bucket "${bucket}"${location.endpoint === undefined ? '' : ` at ${location.endpoint}`}`;
  // The SDK warns on every Node below 22 that its releases after January 2027 will need 22. Foedera pins an SDK
  // version that supports Node 20 (ADR 0001), so the notice says nothing an operator can act on; the SDK's own switch
  // silences only it (an operator who sets the variable keeps their choice).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const client = new S3Client({
    region: location.region,
    forcePathStyle: location.forcePathStyle,
    ...(location.endpoint === undefined ? {} : { endpoint: location.endpoint }),
    // Checksums only when S3 requires them: with the newer defaults, streamed uploads to S3-compatible servers get
    // stored with their aws-chunked framing.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const keyOf = (sha256: string) => {
    assertSha256Hex(sha256);
    return `${prefix}sha256/${sha256}`;
  };

  async function removeLeftovers(): Promise<void> {
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}tmp/`, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) {
        const age = Date.now() - (object.LastModified?.getTime() ?? Date.now());
        if (object.Key !== undefined && age > TEMP_MAX_AGE_MS) {
          await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: object.Key }));
        }
      }
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  }

  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
    await removeLeftovers();
  } catch (error) {
    client.destroy();
    const reason =
      statusOf(error) === 404 ? 'no such bucket' : (error as Error).message || (error as Error).name;
    throw new StoreUnavailableError(`Cannot open the blob store in ${where}: ${reason}`, { cause: error });
  }

  async function statOf(sha256: string): Promise<{ size: number } | undefined> {
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: keyOf(sha256) }));
      return { size: head.ContentLength ?? 0 };
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  async function uploadTemp(source: AsyncIterable<unknown>, key: string) {
    const hash = createHash('sha256');
    let size = 0;
    const hashing = new Transform({
      transform(chunk: unknown, _encoding, done) {
        if (!(chunk instanceof Uint8Array)) {
          done(new InvalidInputError('source', 'Cannot store a blob from a stream of text: expected bytes'));
          return;
        }
        hash.update(chunk);
        size += chunk.byteLength;
        done(null, chunk);
      },
    });
    const feeding = pipeline(source, hashing);
    const upload = new Upload({
      client,
      params: { Bucket: bucket, Key: key, Body: hashing },
      partSize: PART_SIZE,
      queueSize: QUEUE_SIZE,
    });
    try {
      await Promise.all([feeding, upload.done()]);
    } catch (error) {
      hashing.destroy();
      await upload.abort().catch(() => {});
      await feeding.catch(() => {});
      throw error;
    }
    return { sha256: hash.digest('hex'), size };
  }

  return {
    kind: 's3',
    async put(source, expected) {
      if (expected?.sha256 !== undefined) assertSha256Hex(expected.sha256, 'expected.sha256');
      const temp = `${prefix}tmp/${randomUUID()}`;
      try {
        const written = await uploadTemp(source, temp);
        if (expected?.sha256 !== undefined && expected.sha256 !== written.sha256) {
          throw new BlobDigestMismatchError({ expected: expected.sha256, actual: written.sha256 });
        }
        if ((await statOf(written.sha256)) === undefined) {
          await copyObject({ client, bucket, from: temp, to: keyOf(written.sha256), size: written.size });
        }
        return written;
      } finally {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: temp })).catch(() => {});
      }
    },
    async get(sha256, range) {
      const key = keyOf(sha256);
      let bytes: { start: number; end: number } | undefined;
      if (range !== undefined) {
        const found = await statOf(sha256);
        if (found === undefined) throw new BlobNotFoundError(sha256);
        bytes = resolveRange(range, found.size);
        if (bytes === undefined) return Readable.from([]);
      }
      try {
        const response = await client.send(
          new GetObjectCommand({
            Bucket: bucket,
            Key: key,
            ...(bytes === undefined ? {} : { Range: `bytes=${bytes.start}-${bytes.end}` }),
          }),
        );
        if (!(response.Body instanceof Readable)) {
          throw new StoreUnavailableError(
            `Cannot read blob "${sha256}" from ${where}: the response has no body`,
          );
        }
        const wanted = bytes === undefined ? undefined : bytes.end - bytes.start + 1;
        // Some S3-compatible servers (s3rver among them) ignore a range's end of 0 and send to the object's end.
        if (wanted !== undefined && (response.ContentLength ?? 0) > wanted)
          return limitStream(response.Body, wanted);
        return response.Body;
      } catch (error) {
        if (statusOf(error) === 404) throw new BlobNotFoundError(sha256);
        throw error;
      }
    },
    has: async (sha256) => (await statOf(sha256)) !== undefined,
    stat: statOf,
    async delete(sha256) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: keyOf(sha256) }));
    },
    async close() {
      client.destroy();
    },
  };
}
