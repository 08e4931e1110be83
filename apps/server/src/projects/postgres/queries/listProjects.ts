import type { Project } from '@jobs-api/api-types';
import type { PgDatabase } from '../../../store/postgres/db.js';
import { buildPageSql, PROJECT_COLUMNS, toPage } from '../../pageSql.js';
import { rowToProject, type ProjectRow } from '../../rows.js';
import type { ProjectPage, ProjectPageQuery } from '../../store.js';

/** One page of the organization's projects (keyset on seq; see pageSql.ts). */
export async function listProjects(db: PgDatabase, organizationId: string, query: ProjectPageQuery, cursorSeq?: number): Promise<ProjectPage<Project>> {
  const { sql, params, reversed } = buildPageSql(
    (n) => `$${n}`,
    { columns: PROJECT_COLUMNS, table: 'projects', equals: [['organization_id', organizationId]] },
    query,
    cursorSeq,
  );
  const { rows } = await db.query<ProjectRow>(sql, params);
  return toPage(rows, query, reversed, rowToProject);
}
