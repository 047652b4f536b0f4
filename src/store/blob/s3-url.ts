import { InvalidInputError } from '../../shared/errors.ts';

export type S3Location = {
  bucket: string;
  /** Key prefix, empty or ending in `/`. */
  prefix: string;
  endpoint?: string;
  region: string;
  forcePathStyle: boolean;
};

/**
 * Reads `s3://bucket[/prefix]?endpoint=http://127.0.0.1:9000&region=eu-west-1&forcePathStyle=true`.
 * Credentials are not part of the URL: they come from the environment (AWS_ACCESS_KEY_ID, …) or the SDK's chain.
 */
export function parseS3Url(text: string, defaultRegion = 'us-east-1'): S3Location {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidInputError('url', `Cannot use "${text}" as a blob store URL: it is not a URL`);
  }
  if (url.protocol !== 's3:') {
    throw new InvalidInputError(
      'url',
      `Cannot use "${text}" as an S3 blob store URL: expected the s3: scheme`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new InvalidInputError(
      'url',
      'Cannot use credentials in the blob store URL: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY instead',
    );
  }
  const bucket = url.hostname;
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new InvalidInputError('url', `Cannot use "${bucket}" as an S3 bucket name in "${text}"`);
  }
  const path = decodeURIComponent(url.pathname).replace(/^\/+/, '');
  const prefix = path === '' || path.endsWith('/') ? path : `${path}/`;
  const endpoint = url.searchParams.get('endpoint') ?? undefined;
  if (endpoint !== undefined) {
    try {
      new URL(endpoint);
    } catch {
      throw new InvalidInputError(
        'url',
        `Cannot use "${endpoint}" as the S3 endpoint in "${text}": not a URL`,
      );
    }
  }
  const forcePathStyle = url.searchParams.get('forcePathStyle');
  if (forcePathStyle !== null && forcePathStyle !== 'true' && forcePathStyle !== 'false') {
    throw new InvalidInputError(
      'url',
      `Cannot read forcePathStyle=${forcePathStyle} in "${text}": expected true or false`,
    );
  }
  return {
    bucket,
    prefix,
    ...(endpoint === undefined ? {} : { endpoint }),
    region: url.searchParams.get('region') ?? defaultRegion,
    forcePathStyle: forcePathStyle === 'true',
  };
}
