import type { Project } from '@jobs-api/api-types';
import { statement, type SqliteDatabase } from '../../../store/sqlite/db.js';
import { buildPageSql, PROJECT_COLUMNS, toPage } from '../../pageSql.js';
import { rowToProject, type ProjectRow } from '../../rows.js';
import type { ProjectPage, ProjectPageQuery } from '../../store.js';

/** One page of the organization's projects (keyset on seq; see pageSql.ts). */
export function listProjects(db: SqliteDatabase, organizationId: string, query: ProjectPageQuery, cursorSeq?: number): ProjectPage<Project> {
  const { sql, params, reversed } = buildPageSql(
    () => '?',
    { columns: PROJECT_COLUMNS, table: 'projects', equals: [['organization_id', organizationId]] },
    query,
    cursorSeq,
  );
  return toPage(statement<unknown[], ProjectRow>(db, sql).all(...params), query, reversed, rowToProject);
}
