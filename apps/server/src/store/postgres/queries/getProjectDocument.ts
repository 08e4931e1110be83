import type { PgDatabase } from '../db.js';
import { rowToStoredDocument, type ProjectDocumentRow } from '../../projectRows.js';
import type { StoredProjectDocument } from '../../../projects/store.js';

/** The SELECT list of a project document read; the ground truth as text (see ProjectDocumentRow). */
export const DOCUMENT_COLUMNS = 'seq, id, project_id, organization_id, filename, mime_type, blob_hash, ground_truth::text AS ground_truth, created_at';

/** The organization's project document, or undefined. */
export async function getProjectDocument(
  db: PgDatabase,
  organizationId: string,
  projectId: string,
  documentId: string,
): Promise<StoredProjectDocument | undefined> {
  const { rows } = await db.query<ProjectDocumentRow>(
    `SELECT ${DOCUMENT_COLUMNS} FROM project_documents WHERE id = $1 AND project_id = $2 AND organization_id = $3`,
    [documentId, projectId, organizationId],
  );
  return rows[0] && rowToStoredDocument(rows[0]);
}
