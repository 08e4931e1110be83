import type { Project } from '@jobs-api/api-types';
import type { Page, PageQuery } from '../../../interfaces.js';
import { readPage } from '../../pagination.js';
import { pgPageReader, type PgDatabase } from '../db.js';
import { PROJECT_COLUMNS, rowToProject, type ProjectRow } from '../../projectRows.js';

/** One page of the organization's projects (store/pagination.ts); undefined for an unknown cursor. */
export function listProjects(db: PgDatabase, organizationId: string, query: PageQuery): Promise<Page<Project> | undefined> {
  const source = { columns: PROJECT_COLUMNS, table: 'projects', scope: [['organization_id', organizationId]] as const };
  return readPage(pgPageReader(db), source, query, (row: ProjectRow) => rowToProject(row));
}
