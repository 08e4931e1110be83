import type { Lease } from '../../../interfaces.js';
import { statement, type SqliteDatabase } from '../db.js';

/**
 * Extends the leases this worker still holds. A job that was cancelled, expired or taken over
 * (its lease expired and another worker claimed it) is not renewed: the caller aborts it.
 */
export function renewLeases(db: SqliteDatabase, leases: Lease[], now: number, leaseMs: number): string[] {
  const renew = db.transaction(() => {
    const update = statement(
      db,
      `UPDATE jobs SET lease_expires_at = ?
       WHERE id = ? AND lease_owner = ? AND attempt_count = ? AND status = 'in_progress'`,
    );
    return leases.filter((l) => update.run(now + leaseMs, l.jobId, l.workerId, l.attempt).changes === 1).map((l) => l.jobId);
  });
  return renew.immediate();
}
