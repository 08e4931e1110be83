import { releaseBlobs } from './blobRefs.js';
import { statement, type SqliteDatabase } from '../db.js';
import type { DeletedTemplate } from '../../../templates/store.js';

/** Deletes the template and its blob reference in one transaction; undefined when there is no such template. */
export function deleteTemplate(db: SqliteDatabase, organizationId: string, templateId: string): DeletedTemplate | undefined {
  const remove = db.transaction((): DeletedTemplate | undefined => {
    const row = statement<[string, string], { id: string; blob_hash: string }>(
      db,
      'SELECT id, blob_hash FROM templates WHERE id = ? AND organization_id = ?',
    ).get(templateId, organizationId);
    if (!row) return undefined;
    statement(db, 'DELETE FROM templates WHERE id = ?').run(templateId);
    return { unreferencedBlobs: releaseBlobs(db, [row]) };
  });
  return remove.immediate();
}
