import type { ProjectDocument } from '@jobs-api/api-types';
import { statement, type SqliteDatabase } from '../db.js';
import { rowToStoredDocument, toSeconds, type ProjectDocumentRow } from '../../projectRows.js';
import type { NewProjectDocument } from '../../../projects/store.js';
import { referenceBlob } from './blobRefs.js';
import { DOCUMENT_COLUMNS } from './getProjectDocument.js';

/**
 * Inserts a document and its blob reference in one transaction, only while its project exists
 * in the organization (INSERT … SELECT): a project deleted meanwhile answers undefined.
 */
export function insertProjectDocument(db: SqliteDatabase, document: NewProjectDocument): ProjectDocument | undefined {
  const insert = db.transaction((): ProjectDocumentRow | undefined => {
    const inserted = statement(
      db,
      `INSERT INTO project_documents (id, project_id, organization_id, filename, mime_type, blob_hash, ground_truth, created_at)
       SELECT @id, id, organization_id, @filename, @mime_type, @blob_hash, @ground_truth, @created_at
       FROM projects WHERE id = @project_id AND organization_id = @organization_id`,
    ).run({
      id: document.id,
      project_id: document.projectId,
      organization_id: document.organizationId,
      filename: document.filename,
      mime_type: document.mimeType,
      blob_hash: document.blobHash,
      ground_truth: JSON.stringify(document.groundTruth),
      created_at: toSeconds(document.createdAt),
    }).changes;
    if (inserted === 0) return undefined;
    referenceBlob(db, document.id, document.blobHash);
    return statement<[string], ProjectDocumentRow>(db, `SELECT ${DOCUMENT_COLUMNS} FROM project_documents WHERE id = ?`).get(document.id);
  });
  const row = insert.immediate();
  return row && rowToStoredDocument(row).document;
}
