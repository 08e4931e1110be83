import type { RetryOutcome } from '../../../interfaces.js';
import { statusesThatCanBecome, TERMINAL_STATUSES } from '../../../jobs/states.js';
import { rowToJob, toSeconds, type JobRow } from '../../rows.js';
import { jobColumns, placeholders, statement, type SqliteDatabase } from '../db.js';

const retryable = statusesThatCanBecome('queued', TERMINAL_STATUSES);

/**
 * Puts a failed, cancelled or expired job back in the queue under the same id, with a fresh
 * attempt budget and a fresh expiry. Refused once its payload was purged (nothing left to run).
 */
export function retryJob(db: SqliteDatabase, organizationId: string, jobId: string, now: number, opts: { maxAttempts: number; ttlMs: number }): RetryOutcome {
  const retry = db.transaction((): RetryOutcome => {
    const current = statement<[string, string], JobRow>(db, `SELECT ${jobColumns()} FROM jobs WHERE id = ? AND organization_id = ?`).get(jobId, organizationId);
    if (!current) return { kind: 'not_found' };
    if (!retryable.includes(current.status)) return { kind: 'not_retryable', status: current.status };
    if (current.payload_purged_at !== null) return { kind: 'payload_purged' };
    const updated = statement<unknown[], JobRow>(
      db,
      `UPDATE jobs SET status = 'queued', cancelled = 0, error = NULL, response = NULL, completed_at = NULL,
         warnings = NULL, cloud_task_name = NULL, run_at = ?, expires_at = ?, max_attempts = attempt_count + ?
       WHERE id = ? AND status IN ${placeholders(retryable.length)} AND payload_purged_at IS NULL
       RETURNING ${jobColumns()}`,
    ).get(now, toSeconds(now + opts.ttlMs), opts.maxAttempts, jobId, ...retryable);
    return updated ? { kind: 'queued', job: rowToJob(updated) } : { kind: 'not_retryable', status: current.status };
  });
  return retry.immediate();
}
