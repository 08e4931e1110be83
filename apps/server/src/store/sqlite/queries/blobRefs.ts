import { statement, type SqliteDatabase } from '../db.js';

/**
 * Registers a document's blob in job_blobs under the document's id, so the job store's payload
 * purge (which deletes blobs job_blobs no longer names) keeps it while the document exists.
 */
export function referenceBlob(db: SqliteDatabase, documentId: string, hash: string): void {
  statement(db, 'INSERT OR IGNORE INTO job_blobs (job_id, hash) VALUES (?, ?)').run(documentId, hash);
}

/** Drops the references of these documents; answers the hashes nothing references any more. */
export function releaseBlobs(db: SqliteDatabase, references: ReadonlyArray<{ id: string; blob_hash: string }>): string[] {
  const unref = statement(db, 'DELETE FROM job_blobs WHERE job_id = ? AND hash = ?');
  for (const { id, blob_hash } of references) unref.run(id, blob_hash);
  const stillUsed = statement<[string], { n: number }>(db, 'SELECT count(*) AS n FROM job_blobs WHERE hash = ?');
  return [...new Set(references.map((reference) => reference.blob_hash))].filter((hash) => stillUsed.get(hash)!.n === 0);
}
