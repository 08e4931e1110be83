import type { ProjectDocument } from '@jobs-api/api-types';
import { statement, type SqliteDatabase } from '../../../store/sqlite/db.js';
import { buildPageSql, toPage } from '../../pageSql.js';
import { rowToStoredDocument, type ProjectDocumentRow } from '../../rows.js';
import type { ProjectPage, ProjectPageQuery, StoredProjectDocument } from '../../store.js';
import { DOCUMENT_COLUMNS } from './getProjectDocument.js';

/** One page of a project's documents (keyset on seq; see pageSql.ts). */
export function listProjectDocuments(
  db: SqliteDatabase,
  organizationId: string,
  projectId: string,
  query: ProjectPageQuery,
  cursorSeq?: number,
): ProjectPage<ProjectDocument> {
  const { sql, params, reversed } = buildPageSql(
    () => '?',
    {
      columns: DOCUMENT_COLUMNS,
      table: 'project_documents',
      equals: [
        ['project_id', projectId],
        ['organization_id', organizationId],
      ],
    },
    query,
    cursorSeq,
  );
  return toPage(statement<unknown[], ProjectDocumentRow>(db, sql).all(...params), query, reversed, (row) => rowToStoredDocument(row).document);
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
