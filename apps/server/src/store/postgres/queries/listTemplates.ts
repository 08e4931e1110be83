import type { Template } from '@jobs-api/api-types';
import type { Page, PageQuery } from '../../../interfaces.js';
import { readPage } from '../../pagination.js';
import { pgPageReader, type PgDatabase } from '../db.js';
import { rowToTemplate, TEMPLATE_COLUMNS, type TemplateRow } from '../../templateRows.js';

/** One page of the organization's templates (store/pagination.ts); undefined for an unknown cursor. */
export function listTemplates(db: PgDatabase, organizationId: string, query: PageQuery): Promise<Page<Template> | undefined> {
  const source = { columns: TEMPLATE_COLUMNS, table: 'templates', scope: [['organization_id', organizationId]] as const };
  return readPage(pgPageReader(db), source, query, (row: TemplateRow) => rowToTemplate(row));
}
