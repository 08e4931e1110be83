import type { CancelOutcome } from '../../../interfaces.js';
import { statusesThatCanBecome } from '../../../jobs/states.js';
import { rowToJob, toSeconds, type JobRow } from '../../rows.js';
import { jobColumns, type PgDatabase } from '../db.js';
import { NOTIFY_CANCELLED } from '../notify.js';

const cancellable = statusesThatCanBecome('cancelled');

/**
 * Cancels a validating, queued or in-progress job at once. The lease is cleared, so the worker's
 * next fenced write (complete/fail/renew) finds the job gone and discards its result; the NOTIFY
 * (delivered on commit) makes the worker running it, in whatever process, abort it now rather than
 * at its next lease renewal. After a lost connection a second run answers `already_cancelled`.
 */
export async function cancelJob(db: PgDatabase, organizationId: string, jobId: string, now: number): Promise<CancelOutcome> {
  return db.transaction(async (sql): Promise<CancelOutcome> => {
    const updated = await sql.query<JobRow>(
      `UPDATE jobs SET status = 'cancelled', cancelled = true, completed_at = $1, cloud_task_name = NULL,
         lease_owner = NULL, lease_expires_at = NULL
       WHERE id = $2 AND organization_id = $3 AND status = ANY($4::text[])
       RETURNING ${jobColumns()}`,
      [toSeconds(now), jobId, organizationId, cancellable],
    );
    if (updated.rows[0]) {
      await sql.query(NOTIFY_CANCELLED, [jobId]);
      return { kind: 'cancelled', job: rowToJob(updated.rows[0]) };
    }
    const { rows } = await sql.query<JobRow>(`SELECT ${jobColumns()} FROM jobs WHERE id = $1 AND organization_id = $2`, [jobId, organizationId]);
    const current = rows[0];
    if (!current) return { kind: 'not_found' };
    if (current.status === 'cancelled') return { kind: 'already_cancelled', job: rowToJob(current) };
    return { kind: 'not_cancellable', status: current.status };
  });
}
