import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  UploadPartCopyCommand,
  type S3Client,
} from '@aws-sdk/client-s3';

/** S3 copies at most 5 GiB in one request; larger objects are copied part by part, server-side. */
const SINGLE_COPY_LIMIT = 5 * 1024 ** 3;
const COPY_PART_SIZE = 512 * 1024 ** 2;

export type CopyRequest = { client: S3Client; bucket: string; from: string; to: string; size: number };

function copySource(bucket: string, key: string): string {
  return `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

export async function copyObject(request: CopyRequest): Promise<void> {
  const { client, bucket, from, to, size } = request;
  if (size <= SINGLE_COPY_LIMIT) {
    await client.send(
      new CopyObjectCommand({ Bucket: bucket, Key: to, CopySource: copySource(bucket, from) }),
    );
    return;
  }
  const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: to }));
  try {
    const parts: { ETag: string; PartNumber: number }[] = [];
    for (let start = 0, number = 1; start < size; start += COPY_PART_SIZE, number++) {
      const end = Math.min(start + COPY_PART_SIZE, size) - 1;
      const { CopyPartResult } = await client.send(
        new UploadPartCopyCommand({
          Bucket: bucket,
          Key: to,
          UploadId,
          PartNumber: number,
          CopySource: copySource(bucket, from),
          CopySourceRange: `bytes=${start}-${end}`,
        }),
      );
      parts.push({ ETag: CopyPartResult?.ETag ?? '', PartNumber: number });
    }
    await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: to,
        UploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
  } catch (error) {
    await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: to, UploadId })).catch(() => {});
    throw error;
  }
}
