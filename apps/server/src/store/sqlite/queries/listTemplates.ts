import type { Template } from '@jobs-api/api-types';
import type { Page, PageQuery } from '../../../interfaces.js';
import { readPage } from '../../pagination.js';
import { sqlitePageReader, type SqliteDatabase } from '../db.js';
import { rowToTemplate, TEMPLATE_COLUMNS, type TemplateRow } from '../../templateRows.js';

/** One page of the organization's templates (store/pagination.ts); undefined for an unknown cursor. */
export function listTemplates(db: SqliteDatabase, organizationId: string, query: PageQuery): Promise<Page<Template> | undefined> {
  const source = { columns: TEMPLATE_COLUMNS, table: 'templates', scope: [['organization_id', organizationId]] as const };
  return readPage(sqlitePageReader(db), source, query, (row: TemplateRow) => rowToTemplate(row));
}
