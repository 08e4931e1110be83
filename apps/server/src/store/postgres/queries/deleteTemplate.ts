import { releaseBlobs } from './blobRefs.js';
import type { PgDatabase } from '../db.js';
import type { DeletedTemplate } from '../../../templates/store.js';

/**
 * Deletes the template and its blob reference in one transaction; undefined when there is no
 * such template. Running it again after a lost connection finds nothing and answers undefined,
 * which the caller reports as 404 — the client's retry of a delete that did happen.
 */
export async function deleteTemplate(db: PgDatabase, organizationId: string, templateId: string): Promise<DeletedTemplate | undefined> {
  return db.transaction(async (sql) => {
    const { rows } = await sql.query<{ id: string; blob_hash: string }>(
      'DELETE FROM templates WHERE id = $1 AND organization_id = $2 RETURNING id, blob_hash',
      [templateId, organizationId],
    );
    if (rows.length === 0) return undefined;
    return { unreferencedBlobs: await releaseBlobs(sql, rows) };
  });
}
