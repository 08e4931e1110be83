import { statement, type SqliteDatabase } from '../db.js';
import type { Deleted } from '../../../projects/store.js';
import { releaseBlobs } from './blobRefs.js';

/** Deletes a document and its blob reference in one transaction; undefined when there is no such document. */
export function deleteProjectDocument(db: SqliteDatabase, organizationId: string, projectId: string, documentId: string): Deleted | undefined {
  const remove = db.transaction((): Deleted | undefined => {
    const row = statement<[string, string, string], { id: string; blob_hash: string }>(
      db,
      'DELETE FROM project_documents WHERE id = ? AND project_id = ? AND organization_id = ? RETURNING id, blob_hash',
    ).get(documentId, projectId, organizationId);
    return row && { unreferencedBlobs: releaseBlobs(db, [row]) };
  });
  return remove.immediate();
}
