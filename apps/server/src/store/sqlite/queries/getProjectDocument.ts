import { statement, type SqliteDatabase } from '../db.js';
import { rowToStoredDocument, type ProjectDocumentRow } from '../../projectRows.js';
import type { StoredProjectDocument } from '../../../projects/store.js';

/** The SELECT list of a project document read. */
export const DOCUMENT_COLUMNS = 'seq, id, project_id, organization_id, filename, mime_type, blob_hash, ground_truth, created_at';

/** The organization's project document, or undefined. */
export function getProjectDocument(db: SqliteDatabase, organizationId: string, projectId: string, documentId: string): StoredProjectDocument | undefined {
  const row = statement<[string, string, string], ProjectDocumentRow>(
    db,
    `SELECT ${DOCUMENT_COLUMNS} FROM project_documents WHERE id = ? AND project_id = ? AND organization_id = ?`,
  ).get(documentId, projectId, organizationId);
  return row && rowToStoredDocument(row);
}
