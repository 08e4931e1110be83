import type { ProjectDocument } from '@jobs-api/api-types';
import type { Page, PageQuery } from '../../../interfaces.js';
import { projectDocumentsList } from '../../pagedLists.js';
import { readPage } from '../../pagination.js';
import { sqlitePageReader, statement, type SqliteDatabase } from '../db.js';
import { rowToStoredDocument, type ProjectDocumentRow } from '../../projectRows.js';
import type { StoredProjectDocument } from '../../../projects/store.js';
import { DOCUMENT_COLUMNS } from './getProjectDocument.js';

/** One page of a project's documents (store/pagedLists.ts); undefined for an unknown cursor. */
export function listProjectDocuments(
  db: SqliteDatabase,
  organizationId: string,
  projectId: string,
  query: PageQuery,
): Promise<Page<ProjectDocument> | undefined> {
  return readPage(sqlitePageReader(db), projectDocumentsList(organizationId, projectId, DOCUMENT_COLUMNS), query);
}

/** Every document of the project, oldest first (an eval runs over all of them). */
export function listAllProjectDocuments(db: SqliteDatabase, organizationId: string, projectId: string): StoredProjectDocument[] {
  return statement<[string, string], ProjectDocumentRow>(
    db,
    `SELECT ${DOCUMENT_COLUMNS} FROM project_documents WHERE project_id = ? AND organization_id = ? ORDER BY seq`,
  )
    .all(projectId, organizationId)
    .map(rowToStoredDocument);
}
