import type { ProjectDocument } from '@jobs-api/api-types';
import { withoutNul, type PgDatabase } from '../db.js';
import { rowToStoredDocument, toSeconds, type ProjectDocumentRow } from '../../projectRows.js';
import type { NewProjectDocument } from '../../../projects/store.js';
import { referenceBlob } from './blobRefs.js';
import { DOCUMENT_COLUMNS } from './getProjectDocument.js';
import { LOCK_CLASS } from '../locks.js';

/**
 * Inserts a document and its blob reference in one transaction, only while its project exists
 * in the organization (INSERT … SELECT): a project deleted meanwhile answers undefined. The
 * project's advisory lock orders concurrent inserts' commits by seq (see insertProject). Safe to
 * run again after a lost connection (fresh id; ON CONFLICT DO NOTHING).
 */
export async function insertProjectDocument(db: PgDatabase, document: NewProjectDocument): Promise<ProjectDocument | undefined> {
  const row = await db.transaction(async (sql) => {
    await sql.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS.insertProjectDocument, document.projectId]);
    await sql.query(
      `INSERT INTO project_documents (id, project_id, organization_id, filename, mime_type, blob_hash, ground_truth, created_at)
       SELECT $1, id, organization_id, $2, $3, $4, $5::json, $6
       FROM projects WHERE id = $7 AND organization_id = $8
       ON CONFLICT (id) DO NOTHING`,
      [
        document.id,
        withoutNul(document.filename),
        document.mimeType,
        document.blobHash,
        JSON.stringify(document.groundTruth),
        toSeconds(document.createdAt),
        document.projectId,
        document.organizationId,
      ],
    );
    const { rows } = await sql.query<ProjectDocumentRow>(`SELECT ${DOCUMENT_COLUMNS} FROM project_documents WHERE id = $1`, [document.id]);
    if (rows[0]) await referenceBlob(sql, document.id, document.blobHash);
    return rows[0];
  });
  return row && rowToStoredDocument(row).document;
}
