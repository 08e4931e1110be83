import type { PgDatabase } from '../db.js';
import type { Deleted } from '../../../projects/store.js';
import { releaseBlobs } from './blobRefs.js';

/**
 * Deletes the project and its documents (ON DELETE CASCADE) and their blob references in one
 * transaction; undefined when there is no such project. Running it again after a lost connection
 * finds nothing and answers undefined, which the caller reports as 404 — the client's retry of a
 * delete that did happen.
 */
export async function deleteProject(db: PgDatabase, organizationId: string, projectId: string): Promise<Deleted | undefined> {
  return db.transaction(async (sql) => {
    const { rows: documents } = await sql.query<{ id: string; blob_hash: string }>(
      'SELECT id, blob_hash FROM project_documents WHERE project_id = $1 AND organization_id = $2 FOR UPDATE',
      [projectId, organizationId],
    );
    const { rowCount } = await sql.query('DELETE FROM projects WHERE id = $1 AND organization_id = $2', [projectId, organizationId]);
    if (!rowCount) return undefined;
    return { unreferencedBlobs: await releaseBlobs(sql, documents) };
  });
}
