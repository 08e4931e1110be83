import { buildPageSql, toPage } from '../../../projects/pageSql.js';
import { statement, type SqliteDatabase } from '../../../store/sqlite/db.js';
import { rowToTemplate, TEMPLATE_COLUMNS, type TemplateRow } from '../../rows.js';
import type { TemplatePage, TemplatePageQuery } from '../../store.js';

/** One page of the organization's templates (keyset on seq, as projects and jobs are paged). */
export function listTemplates(db: SqliteDatabase, organizationId: string, query: TemplatePageQuery, cursorSeq?: number): TemplatePage {
  const { sql, params, reversed } = buildPageSql(
    () => '?',
    { columns: TEMPLATE_COLUMNS, table: 'templates', equals: [['organization_id', organizationId]] },
    query,
    cursorSeq,
  );
  return toPage(statement<unknown[], TemplateRow>(db, sql).all(...params), query, reversed, rowToTemplate);
}
