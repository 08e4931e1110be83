/**
 * The S3 blob store (`BLOB_URL=s3://bucket/prefix`): AWS S3 or any S3-compatible server
 * (`S3_ENDPOINT`). Keys: `<prefix>sha256/ab/cdef…`, content-addressed like the filesystem store.
 */
import { createHash } from 'node:crypto';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { S3Settings } from '../config.js';
import { systemClock } from '../clock.js';
import type { BlobStore, Clock } from '../interfaces.js';
import type { S3Location } from './s3Url.js';

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

export function createS3BlobStore(location: S3Location, settings: S3Settings, clock: Clock = systemClock): BlobStore {
  const client = new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    forcePathStyle: settings.forcePathStyle,
    credentials:
      settings.accessKeyId && settings.secretAccessKey ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } : undefined,
    // The SDK's default adds CRC checksums in ways not every S3-compatible server accepts; send
    // them only where S3 requires one. The content hash already names (and so checks) each blob.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const keyOf = (hash: string) => {
    if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error(`not a sha256 hash: ${hash}`);
    return `${location.prefix}sha256/${hash.slice(0, 2)}/${hash.slice(2)}`;
  };
  const Bucket = location.bucket;

  return {
    async put(bytes) {
      const hash = createHash('sha256').update(bytes).digest('hex');
      // Put even when the object exists: S3 has no cheap "touch", and a re-put is what refreshes
      // LastModified, which deleteUnreferenced reads to spare a blob a create is re-using right
      // now. Same key, same bytes: still one copy.
      await client.send(new PutObjectCommand({ Bucket, Key: keyOf(hash), Body: bytes, ContentType: 'application/octet-stream' }));
      return hash;
    },
    async get(hash) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket, Key: keyOf(hash) }));
        return object.Body ? await object.Body.transformToByteArray() : new Uint8Array();
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    async deleteUnreferenced(hashes, minAgeMs) {
      let deleted = 0;
      for (const hash of hashes) {
        const Key = keyOf(hash);
        let lastModified: Date | undefined;
        try {
          lastModified = (await client.send(new HeadObjectCommand({ Bucket, Key }))).LastModified;
        } catch (error) {
          if (isNotFound(error)) continue;
          throw error;
        }
        if (lastModified && clock.now() - lastModified.getTime() < minAgeMs) continue;
        await client.send(new DeleteObjectCommand({ Bucket, Key }));
        deleted++;
      }
      return deleted;
    },
    async close() {
      client.destroy();
    },
  };
}
