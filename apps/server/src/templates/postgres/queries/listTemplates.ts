import { buildPageSql, toPage } from '../../../projects/pageSql.js';
import type { PgDatabase } from '../../../store/postgres/db.js';
import { rowToTemplate, TEMPLATE_COLUMNS, type TemplateRow } from '../../rows.js';
import type { TemplatePage, TemplatePageQuery } from '../../store.js';

/** One page of the organization's templates (keyset on seq, as projects and jobs are paged). */
export async function listTemplates(db: PgDatabase, organizationId: string, query: TemplatePageQuery, cursorSeq?: number): Promise<TemplatePage> {
  const { sql, params, reversed } = buildPageSql(
    (n) => `$${n}`,
    { columns: TEMPLATE_COLUMNS, table: 'templates', equals: [['organization_id', organizationId]] },
    query,
    cursorSeq,
  );
  const { rows } = await db.query<TemplateRow>(sql, params);
  return toPage(rows, query, reversed, rowToTemplate);
}
