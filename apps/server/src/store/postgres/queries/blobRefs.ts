import type { Sql } from '../db.js';

/**
 * Registers a document's blob in job_blobs under the document's id, so the job store's payload
 * purge (which deletes blobs job_blobs no longer names) keeps it while the document exists.
 */
export async function referenceBlob(sql: Sql, documentId: string, hash: string): Promise<void> {
  await sql.query('INSERT INTO job_blobs (job_id, hash) VALUES ($1, $2) ON CONFLICT DO NOTHING', [documentId, hash]);
}

/**
 * Drops the references of these documents; answers the hashes nothing references any more.
 * (A job created concurrently with the same bytes may add its reference right after: the blob
 * store's deleteUnreferenced spares recently written blobs for exactly that race.)
 */
export async function releaseBlobs(sql: Sql, references: ReadonlyArray<{ id: string; blob_hash: string }>): Promise<string[]> {
  if (references.length === 0) return [];
  await sql.query('DELETE FROM job_blobs WHERE (job_id, hash) IN (SELECT * FROM unnest($1::text[], $2::text[]))', [
    references.map((reference) => reference.id),
    references.map((reference) => reference.blob_hash),
  ]);
  const hashes = [...new Set(references.map((reference) => reference.blob_hash))];
  const { rows } = await sql.query<{ hash: string }>('SELECT DISTINCT hash FROM job_blobs WHERE hash = ANY($1::text[])', [hashes]);
  const stillUsed = new Set(rows.map((row) => row.hash));
  return hashes.filter((hash) => !stillUsed.has(hash));
}
