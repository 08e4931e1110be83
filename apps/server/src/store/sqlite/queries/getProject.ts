import type { Project } from '@jobs-api/api-types';
import { statement, type SqliteDatabase } from '../db.js';
import { PROJECT_COLUMNS, rowToProject, type ProjectRow } from '../../projectRows.js';

/** The organization's project, or undefined. */
export function getProject(db: SqliteDatabase, organizationId: string, projectId: string): Project | undefined {
  const row = statement<[string, string], ProjectRow>(db, `SELECT ${PROJECT_COLUMNS} FROM projects WHERE id = ? AND organization_id = ?`).get(
    projectId,
    organizationId,
  );
  return row && rowToProject(row);
}
