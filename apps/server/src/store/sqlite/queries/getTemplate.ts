import { statement, type SqliteDatabase } from '../db.js';
import { rowToStoredTemplate, TEMPLATE_COLUMNS, type TemplateRow } from '../../templateRows.js';
import type { StoredTemplate } from '../../../templates/store.js';

/** The organization's template, or undefined. */
export function getTemplate(db: SqliteDatabase, organizationId: string, templateId: string): StoredTemplate | undefined {
  const row = statement<[string, string], TemplateRow>(db, `SELECT ${TEMPLATE_COLUMNS} FROM templates WHERE id = ? AND organization_id = ?`).get(
    templateId,
    organizationId,
  );
  return row && rowToStoredTemplate(row);
}
