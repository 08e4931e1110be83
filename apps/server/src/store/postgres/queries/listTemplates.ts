import type { Template } from '@jobs-api/api-types';
import type { Page, PageQuery } from '../../../interfaces.js';
import { templatesList } from '../../pagedLists.js';
import { readPage } from '../../pagination.js';
import { pgPageReader, type PgDatabase } from '../db.js';

/** One page of the organization's templates (store/pagedLists.ts); undefined for an unknown cursor. */
export function listTemplates(db: PgDatabase, organizationId: string, query: PageQuery): Promise<Page<Template> | undefined> {
  return readPage(pgPageReader(db), templatesList(organizationId), query);
}
