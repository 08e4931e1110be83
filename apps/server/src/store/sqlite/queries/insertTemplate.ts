import type { Template } from '@jobs-api/api-types';
import { referenceBlob } from './blobRefs.js';
import { statement, type SqliteDatabase } from '../db.js';
import { toSeconds } from '../../rows.js';
import { rowToTemplate, TEMPLATE_COLUMNS, type TemplateRow } from '../../templateRows.js';
import type { NewTemplate } from '../../../templates/store.js';

/** Inserts a template and its blob reference in one transaction, and answers it. */
export function insertTemplate(db: SqliteDatabase, template: NewTemplate): Template {
  const insert = db.transaction(() => {
    statement(
      db,
      `INSERT INTO templates (id, organization_id, name, filename, blob_hash, form_fields, created_at)
       VALUES (@id, @organization_id, @name, @filename, @blob_hash, @form_fields, @created_at)`,
    ).run({
      id: template.id,
      organization_id: template.organizationId,
      name: template.name,
      filename: template.filename,
      blob_hash: template.blobHash,
      form_fields: JSON.stringify(template.fields),
      created_at: toSeconds(template.createdAt),
    });
    referenceBlob(db, template.id, template.blobHash);
    return statement<[string], TemplateRow>(db, `SELECT ${TEMPLATE_COLUMNS} FROM templates WHERE id = ?`).get(template.id)!;
  });
  return rowToTemplate(insert.immediate());
}
