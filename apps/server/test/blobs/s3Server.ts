/**
 * A local S3-compatible server for tests: s3rver (from the npm registry), in this process, on an
 * ephemeral loopback port, storing into a temp directory removed on close.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import S3rver from 's3rver';
import type { S3Settings } from '../../src/config.js';
import { tempDir } from '../helpers.js';

export interface LocalS3 {
  bucket: string;
  /** Client settings pointing at this server (env form: S3_ENDPOINT etc. in `env`). */
  settings: S3Settings;
  env: Record<string, string>;
  /** Keys of the objects stored in the bucket (read from s3rver's directory). */
  objectKeys(): string[];
  close(): Promise<void>;
}

export async function startLocalS3(bucket = 'jobs-test'): Promise<LocalS3> {
  const directory = tempDir('s3rver-');
  // s3rver's bucket config entries are optional CORS/website XML documents; none needed here.
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  // s3rver accepts its documented default credentials.
  const settings: S3Settings = { endpoint, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true };
  return {
    bucket,
    settings,
    env: { S3_ENDPOINT: endpoint, S3_REGION: 'us-east-1', S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER' },
    objectKeys() {
      // s3rver keeps each object as `<key>._S3rver_object` (plus metadata files) under the bucket dir.
      const root = join(directory, bucket);
      const keys: string[] = [];
      const walk = (dir: string) => {
        for (const name of readdirSync(dir)) {
          const path = join(dir, name);
          if (statSync(path).isDirectory()) walk(path);
          else if (name.endsWith('._S3rver_object')) keys.push(path.slice(root.length + 1, -'._S3rver_object'.length));
        }
      };
      walk(root);
      return keys.sort();
    },
    async close() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
