import type { JobResponse } from '@jobs-api/api-types';
import type { AttemptFailure, Lease } from '../../../interfaces.js';
import { canTransition } from '../../../jobs/states.js';
import { toSeconds } from '../../rows.js';
import type { PgDatabase, Sql } from '../db.js';
import { NOTIFY_QUEUED } from '../notify.js';

// The fence: the job is still in progress, leased by this worker, for this attempt. A cancelled,
// expired or re-claimed job fails it, and the late result is discarded.
const FENCE = `id = $1 AND status = 'in_progress' AND lease_owner = $2 AND attempt_count = $3`;

if (!canTransition('in_progress', 'completed') || !canTransition('in_progress', 'failed') || !canTransition('in_progress', 'queued')) {
  throw new Error('recordOutcome relies on in_progress → completed | failed | queued');
}

/**
 * After a lost connection the write runs again, and the fence then refuses it if the lost run had
 * in fact committed. Tell that apart from "someone else's write": the job ended in the status we
 * wrote at our attempt number with our failure code. Only our lease could have written that:
 * cancel/expire write other statuses, and any other worker's claim would have raised attempt_count.
 */
async function recordedByLostRun(sql: Sql, lease: Lease, status: string, failureCode: string | null): Promise<boolean> {
  const { rows } = await sql.query(`SELECT 1 FROM jobs WHERE id = $1 AND status = $2 AND attempt_count = $3 AND last_failure_code IS NOT DISTINCT FROM $4`, [
    lease.jobId,
    status,
    lease.attempt,
    failureCode,
  ]);
  return rows.length === 1;
}

/** Records the completion of an attempt if its lease still holds. */
export async function completeJob(db: PgDatabase, lease: Lease, response: JobResponse, now: number): Promise<boolean> {
  return db.transaction(async (sql, retried) => {
    // A completion keeps the last_failure_code of earlier attempts, so the lost-run check ignores it.
    const { rowCount } = await sql.query(
      `UPDATE jobs SET status = 'completed', response = $4::json, error = NULL, completed_at = $5,
         cloud_task_name = NULL, lease_owner = NULL, lease_expires_at = NULL
       WHERE ${FENCE}`,
      [lease.jobId, lease.workerId, lease.attempt, JSON.stringify(response), toSeconds(now)],
    );
    if (rowCount === 1) return true;
    if (!retried) return false;
    const { rows } = await sql.query(`SELECT 1 FROM jobs WHERE id = $1 AND status = 'completed' AND attempt_count = $2`, [lease.jobId, lease.attempt]);
    return rows.length === 1;
  });
}

/**
 * Records a failed attempt if its lease still holds: back to the queue at `retryAt` (transient,
 * attempts left; idle workers are woken when it is due now, as on a release at shutdown), or
 * failed for good.
 */
export async function failJob(db: PgDatabase, lease: Lease, failure: AttemptFailure, now: number): Promise<boolean> {
  const code = failure.error.code;
  return db.transaction(async (sql, retried) => {
    if (failure.retryAt !== undefined) {
      const { rowCount } = await sql.query(
        `UPDATE jobs SET status = 'queued', run_at = $4, last_failure_code = $5,
           max_attempts = max_attempts + $6, cloud_task_name = NULL, lease_owner = NULL, lease_expires_at = NULL
         WHERE ${FENCE}`,
        [lease.jobId, lease.workerId, lease.attempt, failure.retryAt, code, failure.refundAttempt ? 1 : 0],
      );
      if (rowCount === 1) {
        if (failure.retryAt <= now) await sql.query(NOTIFY_QUEUED);
        return true;
      }
      return retried && recordedByLostRun(sql, lease, 'queued', code);
    }
    const { rowCount } = await sql.query(
      `UPDATE jobs SET status = 'failed', error = $4::json, completed_at = $5, last_failure_code = $6,
         cloud_task_name = NULL, lease_owner = NULL, lease_expires_at = NULL
       WHERE ${FENCE}`,
      [lease.jobId, lease.workerId, lease.attempt, JSON.stringify(failure.error), toSeconds(now), code],
    );
    return rowCount === 1 || (retried && recordedByLostRun(sql, lease, 'failed', code));
  });
}
