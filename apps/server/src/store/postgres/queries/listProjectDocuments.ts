import type { ProjectDocument } from '@jobs-api/api-types';
import type { Page, PageQuery } from '../../../interfaces.js';
import { projectDocumentsList } from '../../pagedLists.js';
import { readPage } from '../../pagination.js';
import { pgPageReader, type PgDatabase } from '../db.js';
import { rowToStoredDocument, type ProjectDocumentRow } from '../../projectRows.js';
import type { StoredProjectDocument } from '../../../projects/store.js';
import { DOCUMENT_COLUMNS } from './getProjectDocument.js';

/** One page of a project's documents (store/pagedLists.ts); undefined for an unknown cursor. */
export function listProjectDocuments(db: PgDatabase, organizationId: string, projectId: string, query: PageQuery): Promise<Page<ProjectDocument> | undefined> {
  return readPage(pgPageReader(db), projectDocumentsList(organizationId, projectId, DOCUMENT_COLUMNS), query);
}

/** Every document of the project, oldest first (an eval runs over all of them). */
export async function listAllProjectDocuments(db: PgDatabase, organizationId: string, projectId: string): Promise<StoredProjectDocument[]> {
  const { rows } = await db.query<ProjectDocumentRow>(
    `SELECT ${DOCUMENT_COLUMNS} FROM project_documents WHERE project_id = $1 AND organization_id = $2 ORDER BY seq`,
    [projectId, organizationId],
  );
  return rows.map(rowToStoredDocument);
}
