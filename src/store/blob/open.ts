import { fileURLToPath } from 'node:url';
import { InvalidInputError } from '../../shared/errors.ts';
import { openFsBlobStore } from './_internal/fs-blob-store.ts';
import type { BlobStore, OpenBlobStoreOptions } from './port.ts';
import { parseS3Url } from './s3-url.ts';

export type { BlobStore, OpenBlobStoreOptions } from './port.ts';

/** Opens the blob store: S3-compatible for an `s3://` URL, the filesystem for a `file://` URL or `dir`. */
export async function openBlobStore(options: OpenBlobStoreOptions): Promise<BlobStore> {
  if (options.url !== undefined && options.url !== '') {
    if (options.url.startsWith('s3:')) {
      // The AWS SDK is loaded only for an S3 store: it adds about 20 MB to every process that imports it.
      const { openS3BlobStore } = await import('./_internal/s3-blob-store.ts');
      return openS3BlobStore(parseS3Url(options.url, process.env['AWS_REGION'] ?? 'us-east-1'));
    }
    if (options.url.startsWith('file:')) return openFsBlobStore(fileURLToPath(options.url));
    throw new InvalidInputError(
      'url',
      `Cannot use "${options.url}" as a blob store URL: expected s3:// or file://`,
    );
  }
  if (options.dir !== undefined && options.dir !== '') return openFsBlobStore(options.dir);
  throw new InvalidInputError('dir', 'Cannot open the blob store: give a url or a dir');
}
