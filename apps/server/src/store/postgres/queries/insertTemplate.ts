import type { Template } from '@jobs-api/api-types';
import { referenceBlob } from './blobRefs.js';
import { withoutNul, type PgDatabase } from '../db.js';
import { toSeconds } from '../../rows.js';
import { rowToTemplate, TEMPLATE_COLUMNS, type TemplateRow } from '../../templateRows.js';
import type { NewTemplate } from '../../../templates/store.js';
import { LOCK_CLASS } from '../locks.js';

/**
 * Inserts a template and its blob reference, and answers it. Takes the organization's advisory
 * lock first so its seq commits in order (see insertJob: otherwise an `order=asc` cursor could
 * skip a template committed later with a smaller seq). Safe to run again after a lost connection:
 * the id is fresh per create, so a second run after an unacknowledged commit inserts nothing.
 */
export async function insertTemplate(db: PgDatabase, template: NewTemplate): Promise<Template> {
  const row = await db.transaction(async (sql) => {
    await sql.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS.insertTemplate, template.organizationId]);
    await sql.query(
      `INSERT INTO templates (id, organization_id, name, filename, blob_hash, form_fields, created_at)
       VALUES ($1, $2, $3, $4, $5, $6::json, $7)
       ON CONFLICT (id) DO NOTHING`,
      [
        template.id,
        template.organizationId,
        withoutNul(template.name),
        withoutNul(template.filename),
        template.blobHash,
        // PostgreSQL text cannot hold NUL, not even escaped inside json: labels read from a PDF might.
        JSON.stringify(template.fields, (_key, value: unknown) => (typeof value === 'string' ? withoutNul(value) : value)),
        toSeconds(template.createdAt),
      ],
    );
    await referenceBlob(sql, template.id, template.blobHash);
    const { rows } = await sql.query<TemplateRow>(`SELECT ${TEMPLATE_COLUMNS} FROM templates WHERE id = $1`, [template.id]);
    return rows[0]!;
  });
  return rowToTemplate(row);
}
