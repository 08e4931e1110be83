import type { PgDatabase } from '../db.js';
import type { Deleted } from '../../../projects/store.js';
import { releaseBlobs } from './blobRefs.js';

/** Deletes a document and its blob reference in one transaction; undefined when there is no such document. */
export async function deleteProjectDocument(db: PgDatabase, organizationId: string, projectId: string, documentId: string): Promise<Deleted | undefined> {
  return db.transaction(async (sql) => {
    const { rows } = await sql.query<{ id: string; blob_hash: string }>(
      'DELETE FROM project_documents WHERE id = $1 AND project_id = $2 AND organization_id = $3 RETURNING id, blob_hash',
      [documentId, projectId, organizationId],
    );
    return rows[0] && { unreferencedBlobs: await releaseBlobs(sql, rows) };
  });
}
