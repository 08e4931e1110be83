import type { CancelOutcome } from '../../../interfaces.js';
import { statusesThatCanBecome } from '../../../jobs/states.js';
import { rowToJob, toSeconds, type JobRow } from '../../rows.js';
import { jobColumns, placeholders, statement, type SqliteDatabase } from '../db.js';

const cancellable = statusesThatCanBecome('cancelled');

/**
 * Cancels a validating, queued or in-progress job at once. The lease is cleared, so the worker's
 * next fenced write (complete/fail/renew) finds the job gone and discards its result.
 */
export function cancelJob(db: SqliteDatabase, organizationId: string, jobId: string, now: number): CancelOutcome {
  const cancel = db.transaction((): CancelOutcome => {
    const updated = statement<unknown[], JobRow>(
      db,
      `UPDATE jobs SET status = 'cancelled', cancelled = 1, completed_at = ?, cloud_task_name = NULL,
         lease_owner = NULL, lease_expires_at = NULL
       WHERE id = ? AND organization_id = ? AND status IN ${placeholders(cancellable.length)}
       RETURNING ${jobColumns()}`,
    ).get(toSeconds(now), jobId, organizationId, ...cancellable);
    if (updated) return { kind: 'cancelled', job: rowToJob(updated) };
    const current = statement<[string, string], JobRow>(db, `SELECT ${jobColumns()} FROM jobs WHERE id = ? AND organization_id = ?`).get(jobId, organizationId);
    if (!current) return { kind: 'not_found' };
    if (current.status === 'cancelled') return { kind: 'already_cancelled', job: rowToJob(current) };
    return { kind: 'not_cancellable', status: current.status };
  });
  return cancel.immediate();
}
