/**
 * `BLOB_URL=s3://bucket/prefix`: where the S3 blob store keeps blobs. Separate from s3.ts so that
 * reading the configuration does not load the AWS SDK.
 */

/** A bucket and a key prefix ('' or ending in '/'). */
export interface S3Location {
  bucket: string;
  prefix: string;
}

/** Parses `s3://bucket[/prefix]`; throws for anything else. */
export function parseS3Url(url: string): S3Location {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url);
  if (!match) throw new Error(`BLOB_URL must look like s3://bucket/prefix (got "${url}")`);
  const prefix = (match[2] ?? '').replace(/^\/+|\/+$/g, '');
  return { bucket: match[1]!, prefix: prefix ? `${prefix}/` : '' };
}
