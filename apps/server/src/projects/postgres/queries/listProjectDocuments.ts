import type { ProjectDocument } from '@jobs-api/api-types';
import type { PgDatabase } from '../../../store/postgres/db.js';
import { buildPageSql, toPage } from '../../pageSql.js';
import { rowToStoredDocument, type ProjectDocumentRow } from '../../rows.js';
import type { ProjectPage, ProjectPageQuery, StoredProjectDocument } from '../../store.js';
import { DOCUMENT_COLUMNS } from './getProjectDocument.js';

/** One page of a project's documents (keyset on seq; see pageSql.ts). */
export async function listProjectDocuments(
  db: PgDatabase,
  organizationId: string,
  projectId: string,
  query: ProjectPageQuery,
  cursorSeq?: number,
): Promise<ProjectPage<ProjectDocument>> {
  const { sql, params, reversed } = buildPageSql(
    (n) => `$${n}`,
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
  const { rows } = await db.query<ProjectDocumentRow>(sql, params);
  return toPage(rows, query, reversed, (row) => rowToStoredDocument(row).document);
}

/** Every document of the project, oldest first (an eval runs over all of them). */
export async function listAllProjectDocuments(db: PgDatabase, organizationId: string, projectId: string): Promise<StoredProjectDocument[]> {
  const { rows } = await db.query<ProjectDocumentRow>(
    `SELECT ${DOCUMENT_COLUMNS} FROM project_documents WHERE project_id = $1 AND organization_id = $2 ORDER BY seq`,
    [projectId, organizationId],
  );
  return rows.map(rowToStoredDocument);
}
