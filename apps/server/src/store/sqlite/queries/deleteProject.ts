import { statement, type SqliteDatabase } from '../db.js';
import type { Deleted } from '../../../projects/store.js';
import { releaseBlobs } from './blobRefs.js';

/** Deletes the project and its documents (ON DELETE CASCADE) in one transaction; undefined when there is no such project. */
export function deleteProject(db: SqliteDatabase, organizationId: string, projectId: string): Deleted | undefined {
  const remove = db.transaction((): Deleted | undefined => {
    const documents = statement<[string, string], { id: string; blob_hash: string }>(
      db,
      'SELECT id, blob_hash FROM project_documents WHERE project_id = ? AND organization_id = ?',
    ).all(projectId, organizationId);
    const deleted = statement(db, 'DELETE FROM projects WHERE id = ? AND organization_id = ?').run(projectId, organizationId).changes;
    if (deleted === 0) return undefined;
    return { unreferencedBlobs: releaseBlobs(db, documents) };
  });
  return remove.immediate();
}
