import type { Project } from '@jobs-api/api-types';
import type { PgDatabase } from '../db.js';
import { PROJECT_COLUMNS, rowToProject, type ProjectRow } from '../../projectRows.js';

/** The organization's project, or undefined. */
export async function getProject(db: PgDatabase, organizationId: string, projectId: string): Promise<Project | undefined> {
  const { rows } = await db.query<ProjectRow>(`SELECT ${PROJECT_COLUMNS} FROM projects WHERE id = $1 AND organization_id = $2`, [projectId, organizationId]);
  return rows[0] && rowToProject(rows[0]);
}
