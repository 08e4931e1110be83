import type { Template } from '@jobs-api/api-types';
import type { Page, PageQuery } from '../../../interfaces.js';
import { templatesList } from '../../pagedLists.js';
import { readPage } from '../../pagination.js';
import { sqlitePageReader, type SqliteDatabase } from '../db.js';

/** One page of the organization's templates (store/pagedLists.ts); undefined for an unknown cursor. */
export function listTemplates(db: SqliteDatabase, organizationId: string, query: PageQuery): Promise<Page<Template> | undefined> {
  return readPage(sqlitePageReader(db), templatesList(organizationId), query);
}
