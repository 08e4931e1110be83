/**
 * The PostgreSQL blob store (the default when the job store is PostgreSQL and BLOB_URL is unset):
 * blobs live in the `blobs` table of the same database (migration 002), so every API and worker
 * process reads what any of them stored, with nothing else to run or share. Content-addressed like
 * the filesystem store. Fine for documents of a few MB; at larger volumes point BLOB_URL at S3 and
 * keep the database small.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { systemClock } from '../clock.js';
import type { BlobStore, Clock } from '../interfaces.js';
import { createDatabase } from '../store/postgres/db.js';

/**
 * @param pool usually the job store's pool (one set of connections per process).
 * @param ownsPool close() ends the pool (a pool created for the blob store alone).
 */
export function createPostgresBlobStore(pool: pg.Pool, options: { ownsPool?: boolean; clock?: Clock } = {}): BlobStore {
  const clock = options.clock ?? systemClock;
  // Every statement here is idempotent (content-addressed), so all are retried on a lost connection.
  const db = createDatabase(pool);
  return {
    async put(bytes) {
      const hash = createHash('sha256').update(bytes).digest('hex');
      const now = clock.now();
      // Already stored: refresh touched_at (a concurrent purge spares recent blobs) without sending
      // the bytes again. Otherwise insert; a racing insert of the same bytes just touches.
      const touched = await db.query('UPDATE blobs SET touched_at = $2 WHERE hash = $1', [hash, now]);
      if (touched.rowCount === 0) {
        await db.query(
          `INSERT INTO blobs (hash, bytes, size, touched_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (hash) DO UPDATE SET touched_at = excluded.touched_at`,
          [hash, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), bytes.byteLength, now],
        );
      }
      return hash;
    },
    async get(hash) {
      const { rows } = await db.query<{ bytes: Buffer }>('SELECT bytes FROM blobs WHERE hash = $1', [hash]);
      return rows[0] ? new Uint8Array(rows[0].bytes.buffer, rows[0].bytes.byteOffset, rows[0].bytes.byteLength) : undefined;
    },
    async deleteUnreferenced(hashes, minAgeMs) {
      if (hashes.length === 0) return 0;
      const { rowCount } = await db.query('DELETE FROM blobs WHERE hash = ANY($1::text[]) AND touched_at <= $2', [hashes, clock.now() - minAgeMs]);
      return rowCount ?? 0;
    },
    async close() {
      if (options.ownsPool) await pool.end();
    },
  };
}
