/**
 * One suite for every blob store (the filesystem default, the PostgreSQL table, S3 against a local
 * s3rver), plus how the configuration picks one. The PostgreSQL half needs TEST_DATABASE_URL.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFsBlobStore } from '../../src/blobs/fs.js';
import { createPostgresBlobStore } from '../../src/blobs/postgres.js';
import { createS3BlobStore } from '../../src/blobs/s3.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import type { BlobStore } from '../../src/interfaces.js';
import { createBlobStore } from '../../src/server.js';
import { createPool } from '../../src/store/postgres/db.js';
import { createPostgresStore } from '../../src/store/postgres/index.js';
import { tempDir } from '../helpers.js';
import { announcePostgres, createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../postgres/testDatabase.js';
import { startLocalS3, type LocalS3 } from './s3Server.js';

interface BlobEngine {
  name: string;
  create(): Promise<{ blobs: BlobStore; copies(hash: string): Promise<number>; dispose(): Promise<void> }>;
}

let s3: LocalS3;
beforeAll(async () => {
  s3 = await startLocalS3();
});
afterAll(() => s3?.close());

const engines: BlobEngine[] = [
  {
    name: 'filesystem',
    async create() {
      const dir = tempDir('blobs-');
      const blobs = createFsBlobStore(dir);
      return {
        blobs,
        copies: async (hash) => readdirSync(join(dir, 'sha256', hash.slice(0, 2))).filter((f) => f === hash.slice(2)).length,
        async dispose() {
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 's3',
    async create() {
      // A fresh prefix per test: the bucket is shared by the file.
      const prefix = `run-${randomBytes(4).toString('hex')}/`;
      const blobs = createS3BlobStore({ bucket: s3.bucket, prefix }, s3.settings);
      return {
        blobs,
        copies: async (hash) => s3.objectKeys().filter((k) => k === `${prefix}sha256/${hash.slice(0, 2)}/${hash.slice(2)}`).length,
        dispose: async () => blobs.close?.(),
      };
    },
  },
];
if (TEST_DATABASE_URL) {
  engines.push({
    name: 'postgres',
    async create() {
      const database = await createTestDatabase();
      const pool = createPool({ url: database.url, applicationName: 'jobs-api blob suite', max: 2 });
      const blobs = createPostgresBlobStore(pool, { ownsPool: true });
      return {
        blobs,
        copies: async (hash) => (await pool.query('SELECT 1 FROM blobs WHERE hash = $1', [hash])).rowCount ?? 0,
        async dispose() {
          await blobs.close?.();
          await database.drop();
        },
      };
    },
  });
}
announcePostgres('PostgreSQL blob store suite');

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe.each(engines)('blobs: $name', (engine) => {
  let blobs: BlobStore;
  let copies: (hash: string) => Promise<number>;
  let dispose: () => Promise<void>;
  beforeEach(async () => {
    ({ blobs, copies, dispose } = await engine.create());
  });
  afterEach(() => dispose());

  it('put answers the SHA-256 and get gives back the exact bytes (binary, 1 MiB)', async () => {
    const bytes = new Uint8Array(randomBytes(1024 * 1024));
    bytes.set(Array.from({ length: 256 }, (_, i) => i));
    const hash = await blobs.put(bytes);
    expect(hash).toBe(sha256(bytes));
    const back = await blobs.get(hash);
    expect(back).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(back!).equals(Buffer.from(bytes))).toBe(true);
  });

  it('the same bytes put twice are stored once', async () => {
    const bytes = new TextEncoder().encode('same document twice');
    const [a, b] = [await blobs.put(bytes), await blobs.put(bytes)];
    expect(a).toBe(b);
    expect(await copies(a)).toBe(1);
  });

  it('get of an unknown hash answers undefined', async () => {
    expect(await blobs.get('0'.repeat(64))).toBeUndefined();
  });

  it('deleteUnreferenced spares blobs touched within minAgeMs and deletes older ones', async () => {
    const kept = await blobs.put(new TextEncoder().encode('recent'));
    expect(await blobs.deleteUnreferenced([kept], 3600_000)).toBe(0);
    expect(await blobs.get(kept)).toBeDefined();
    expect(await blobs.deleteUnreferenced([kept, '1'.repeat(64)], 0)).toBe(1);
    expect(await blobs.get(kept)).toBeUndefined();
    expect(await copies(kept)).toBe(0);
  });
});

describe('scale-out configuration', () => {
  it('reads the S3 and pool settings, with path-style on by default for a custom endpoint', () => {
    const config = loadConfig({
      BLOB_URL: 's3://my-bucket/jobs/blobs/',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_ACCESS_KEY_ID: 'a',
      S3_SECRET_ACCESS_KEY: 'b',
      DATABASE_POOL_MAX: '3',
    });
    expect(config.blobUrl).toBe('s3://my-bucket/jobs/blobs/');
    expect(config.s3).toEqual({ endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', accessKeyId: 'a', secretAccessKey: 'b', forcePathStyle: true });
    expect(config.databasePoolMax).toBe(3);
    expect(loadConfig({ AWS_REGION: 'eu-west-3' }).s3).toMatchObject({
      region: 'eu-west-3',
      endpoint: undefined,
      forcePathStyle: false,
      accessKeyId: undefined,
    });
    expect(loadConfig({ S3_ENDPOINT: 'http://x', S3_FORCE_PATH_STYLE: 'false' }).s3.forcePathStyle).toBe(false);
  });

  it.each([
    ['BLOB_URL without s3://', { BLOB_URL: '/var/blobs' }],
    ['a bucket name S3 would refuse', { BLOB_URL: 's3://Not_A_Bucket/x' }],
    ['half a key pair', { S3_ACCESS_KEY_ID: 'a' }],
    ['a non-PostgreSQL DATABASE_URL', { DATABASE_URL: 'mysql://db/jobs' }],
    ['a path-style flag that is not a boolean', { S3_FORCE_PATH_STYLE: 'maybe' }],
  ])('refuses %s', (_name, env) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
  });

  it('BLOB_URL=s3://… puts blobs in the bucket under the prefix', async () => {
    const blobs = await createBlobStore(loadConfig({ BLOB_URL: `s3://${s3.bucket}/configured`, ...s3.env }));
    try {
      const hash = await blobs.put(new TextEncoder().encode('via configuration'));
      expect(s3.objectKeys()).toContain(`configured/sha256/${hash.slice(0, 2)}/${hash.slice(2)}`);
    } finally {
      await blobs.close?.();
    }
  });

  describe.skipIf(!TEST_DATABASE_URL)('with DATABASE_URL', () => {
    let database: TestDatabase;
    beforeEach(async () => {
      database = await createTestDatabase();
    });
    afterEach(() => database.drop());

    it('the default is the PostgreSQL table, on the persistence’s own pool', async () => {
      const config = loadConfig({ DATABASE_URL: database.url });
      const store = createPostgresStore({ url: database.url, applicationName: 'jobs-api blob config' });
      const blobs = await createBlobStore(config, { pool: store.pool });
      const hash = await blobs.put(new TextEncoder().encode('in the table'));
      await blobs.close?.(); // does not end the shared pool
      expect((await store.pool.query('SELECT size FROM blobs WHERE hash = $1', [hash])).rows).toEqual([{ size: 12 }]);
      await store.close();
    });

    it('without a pool at hand it opens (and closes) a pool of its own', async () => {
      const blobs = await createBlobStore(loadConfig({ DATABASE_URL: database.url }));
      const hash = await blobs.put(new TextEncoder().encode('own pool'));
      expect(await blobs.get(hash)).toEqual(new TextEncoder().encode('own pool'));
      await blobs.close?.();
    });
  });
});
