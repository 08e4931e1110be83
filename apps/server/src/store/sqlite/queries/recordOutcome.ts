import type { JobResponse } from '@jobs-api/api-types';
import type { AttemptFailure, Lease } from '../../../interfaces.js';
import { canTransition } from '../../../jobs/states.js';
import { toSeconds } from '../../rows.js';
import { statement, type SqliteDatabase } from '../db.js';

// The fence: the job is still in progress, leased by this worker, for this attempt. A cancelled,
// expired or re-claimed job fails it, and the late result is discarded.
const FENCE = `id = @id AND status = 'in_progress' AND lease_owner = @worker AND attempt_count = @attempt`;

if (!canTransition('in_progress', 'completed') || !canTransition('in_progress', 'failed') || !canTransition('in_progress', 'queued')) {
  throw new Error('recordOutcome relies on in_progress → completed | failed | queued');
}

/** Records the completion of an attempt if its lease still holds. */
export function completeJob(db: SqliteDatabase, lease: Lease, response: JobResponse, now: number): boolean {
  return (
    statement(
      db,
      `UPDATE jobs SET status = 'completed', response = @response, error = NULL, completed_at = @now,
         cloud_task_name = NULL, lease_owner = NULL, lease_expires_at = NULL
       WHERE ${FENCE}`,
    ).run({ id: lease.jobId, worker: lease.workerId, attempt: lease.attempt, response: JSON.stringify(response), now: toSeconds(now) }).changes === 1
  );
}

/**
 * Records a failed attempt if its lease still holds: back to the queue at `retryAt` (transient,
 * attempts left), or failed for good.
 */
export function failJob(db: SqliteDatabase, lease: Lease, failure: AttemptFailure, now: number): boolean {
  const fence = { id: lease.jobId, worker: lease.workerId, attempt: lease.attempt, code: failure.error.code };
  if (failure.retryAt !== undefined) {
    return (
      statement(
        db,
        `UPDATE jobs SET status = 'queued', run_at = @run_at, last_failure_code = @code,
           max_attempts = max_attempts + @refund, cloud_task_name = NULL, lease_owner = NULL, lease_expires_at = NULL
         WHERE ${FENCE}`,
      ).run({ ...fence, run_at: failure.retryAt, refund: failure.refundAttempt ? 1 : 0 }).changes === 1
    );
  }
  return (
    statement(
      db,
      `UPDATE jobs SET status = 'failed', error = @error, completed_at = @now, last_failure_code = @code,
         cloud_task_name = NULL, lease_owner = NULL, lease_expires_at = NULL
       WHERE ${FENCE}`,
    ).run({ ...fence, error: JSON.stringify(failure.error), now: toSeconds(now) }).changes === 1
  );
}
