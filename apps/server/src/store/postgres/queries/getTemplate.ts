import type { PgDatabase } from '../db.js';
import { rowToStoredTemplate, TEMPLATE_COLUMNS, type TemplateRow } from '../../templateRows.js';
import type { StoredTemplate } from '../../../templates/store.js';

/** The organization's template, or undefined. */
export async function getTemplate(db: PgDatabase, organizationId: string, templateId: string): Promise<StoredTemplate | undefined> {
  const { rows } = await db.query<TemplateRow>(`SELECT ${TEMPLATE_COLUMNS} FROM templates WHERE id = $1 AND organization_id = $2`, [
    templateId,
    organizationId,
  ]);
  return rows[0] && rowToStoredTemplate(rows[0]);
}
