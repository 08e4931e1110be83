import type { Project } from '@jobs-api/api-types';
import type { Page, PageQuery } from '../../../interfaces.js';
import { projectsList } from '../../pagedLists.js';
import { readPage } from '../../pagination.js';
import { sqlitePageReader, type SqliteDatabase } from '../db.js';

/** One page of the organization's projects (store/pagedLists.ts); undefined for an unknown cursor. */
export function listProjects(db: SqliteDatabase, organizationId: string, query: PageQuery): Promise<Page<Project> | undefined> {
  return readPage(sqlitePageReader(db), projectsList(organizationId), query);
}
