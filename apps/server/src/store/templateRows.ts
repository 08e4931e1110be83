/**
 * The `templates` row as both engines store it (010_templates.sql), and the one conversion from
 * a row to the API's Template. Only the template stores call these.
 */
import type { FormField, Template } from '@jobs-api/api-types';
import type { StoredTemplate } from '../templates/store.js';

/** A row of `templates`. */
export interface TemplateRow {
  /** Insertion order: list pagination is keyset on it. */
  seq: number;
  /** `tpl_` + 21-character nanoid. */
  id: string;
  organization_id: string;
  name: string;
  /** The PDF's file name as uploaded. */
  filename: string;
  /** SHA-256 (hex) of the PDF in the blob store. */
  blob_hash: string;
  /** JSON array of FormField: text from SQLite, parsed by PostgreSQL. */
  form_fields: string | FormField[];
  /** Unix seconds. */
  created_at: number;
}

/** The columns every template read selects. */
export const TEMPLATE_COLUMNS = 'seq, id, organization_id, name, filename, blob_hash, form_fields, created_at';

export function rowToStoredTemplate(row: TemplateRow): StoredTemplate {
  const fields = typeof row.form_fields === 'string' ? (JSON.parse(row.form_fields) as FormField[]) : row.form_fields;
  const template: Template = {
    id: row.id,
    object: 'template',
    name: row.name,
    filename: row.filename,
    field_count: fields.length,
    form_schema: { form_fields: fields },
    created_at: Number(row.created_at),
    organization_id: row.organization_id,
  };
  return { template, blobHash: row.blob_hash };
}

export function rowToTemplate(row: TemplateRow): Template {
  return rowToStoredTemplate(row).template;
}
