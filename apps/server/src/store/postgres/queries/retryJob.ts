import type { RetryOutcome } from '../../../interfaces.js';
import { statusesThatCanBecome, TERMINAL_STATUSES } from '../../../jobs/states.js';
import { rowToJob, toSeconds, type JobRow } from '../../rows.js';
import { jobColumns, type PgDatabase } from '../db.js';
import { NOTIFY_QUEUED } from '../notify.js';

const retryable = statusesThatCanBecome('queued', TERMINAL_STATUSES);

/**
 * Puts a failed, cancelled or expired job back in the queue under the same id, with a fresh
 * attempt budget and a fresh expiry, and wakes the workers on commit. Refused once its payload was
 * purged (nothing left to run). The row is locked first (FOR UPDATE) so the refusal names the
 * status the job really had when the update was decided.
 * Not retried after a lost connection: a second run would find the job queued and answer 409.
 */
export async function retryJob(
  db: PgDatabase,
  organizationId: string,
  jobId: string,
  now: number,
  opts: { maxAttempts: number; ttlMs: number },
): Promise<RetryOutcome> {
  return db.transaction(
    async (sql): Promise<RetryOutcome> => {
      const { rows } = await sql.query<JobRow>(`SELECT ${jobColumns()} FROM jobs WHERE id = $1 AND organization_id = $2 FOR UPDATE`, [jobId, organizationId]);
      const current = rows[0];
      if (!current) return { kind: 'not_found' };
      if (!retryable.includes(current.status)) return { kind: 'not_retryable', status: current.status };
      if (current.payload_purged_at !== null) return { kind: 'payload_purged' };
      const updated = await sql.query<JobRow>(
        `UPDATE jobs SET status = 'queued', cancelled = false, error = NULL, response = NULL, completed_at = NULL,
           warnings = NULL, cloud_task_name = NULL, run_at = $1, expires_at = $2, max_attempts = attempt_count + $3
         WHERE id = $4 AND status = ANY($5::text[]) AND payload_purged_at IS NULL
         RETURNING ${jobColumns()}`,
        [now, toSeconds(now + opts.ttlMs), opts.maxAttempts, jobId, retryable],
      );
      if (!updated.rows[0]) return { kind: 'not_retryable', status: current.status };
      await sql.query(NOTIFY_QUEUED);
      return { kind: 'queued', job: rowToJob(updated.rows[0]) };
    },
    { idempotent: false },
  );
}
