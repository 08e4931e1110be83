import type { MaintenanceResult } from '../../../interfaces.js';
import { ACTIVE_STATUSES, statusesThatCanBecome } from '../../../jobs/states.js';
import { JOB_EXPIRED_ERROR, toSeconds, WORKER_LOST_ERROR } from '../../rows.js';
import type { PgDatabase } from '../db.js';
import { NOTIFY_QUEUED } from '../notify.js';

const expirable = statusesThatCanBecome('expired', ACTIVE_STATUSES);

// Every worker process sweeps; the sweeps below are safe to run concurrently and repeatedly. Each
// UPDATE re-checks its WHERE on a row that a concurrent sweep (or a lease renewal) changed while it
// waited for the row lock (READ COMMITTED re-evaluation), so a row is moved once, by one sweep, and
// a lease renewed at the last moment is not taken away.

/**
 * Jobs whose worker stopped renewing its lease go back to the queue (`worker_lost`), at once: the
 * lease timeout already was the wait. run_at is kept (it is in the past: the job was claimed), so
 * the job keeps its place at the head of the queue instead of waiting behind the whole backlog
 * (the chaos test saw ~15 s from a kill to the run starting again with run_at = now, for a 2 s
 * lease). A job out of attempts fails instead. Idle workers in every
 * process are woken on commit.
 */
export async function requeueExpiredLeases(db: PgDatabase, now: number): Promise<MaintenanceResult> {
  return db.transaction(async (sql) => {
    const requeued = await sql.query(
      `UPDATE jobs SET status = 'queued', last_failure_code = 'worker_lost',
         cloud_task_name = NULL, lease_owner = NULL, lease_expires_at = NULL
       WHERE status = 'in_progress' AND lease_expires_at < $1 AND attempt_count < max_attempts`,
      [now],
    );
    const failed = await sql.query(
      `UPDATE jobs SET status = 'failed', error = $1::json, completed_at = $2, last_failure_code = 'worker_lost',
         cloud_task_name = NULL, lease_owner = NULL, lease_expires_at = NULL
       WHERE status = 'in_progress' AND lease_expires_at < $3 AND attempt_count >= max_attempts`,
      [JSON.stringify(WORKER_LOST_ERROR), toSeconds(now), now],
    );
    if ((requeued.rowCount ?? 0) > 0) await sql.query(NOTIFY_QUEUED);
    return { requeued: requeued.rowCount ?? 0, failed: failed.rowCount ?? 0 };
  });
}

/** Jobs not terminal at expires_at become expired (a running one is aborted at its next lease renewal). */
export async function expireJobs(db: PgDatabase, now: number): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE jobs SET status = 'expired', error = $1::json, completed_at = $2,
       cloud_task_name = NULL, lease_owner = NULL, lease_expires_at = NULL
     WHERE status = ANY($3::text[]) AND expires_at <= $2`,
    [JSON.stringify(JOB_EXPIRED_ERROR), toSeconds(now), expirable],
  );
  return rowCount ?? 0;
}

/**
 * Deletes the payloads (request, response) of jobs past expires_at + grace, and their blob
 * references; answers the blobs no job references any more (the caller deletes them). Batches of
 * 1000, taken with SKIP LOCKED so concurrent sweeps split the work instead of queueing on it.
 */
export async function purgeExpiredPayloads(db: PgDatabase, now: number, graceMs: number): Promise<{ jobs: number; unreferencedBlobs: string[] }> {
  return db.transaction(async (sql) => {
    const { rows } = await sql.query<{ id: string }>(
      `SELECT id FROM jobs
       WHERE payload_purged_at IS NULL AND expires_at <= $1 AND status <> ALL($2::text[])
       LIMIT 1000 FOR UPDATE SKIP LOCKED`,
      [toSeconds(now - graceMs), ACTIVE_STATUSES],
    );
    const ids = rows.map((r) => r.id);
    if (ids.length === 0) return { jobs: 0, unreferencedBlobs: [] };
    await sql.query('UPDATE jobs SET request = NULL, request_blobs = NULL, response = NULL, payload_purged_at = $1 WHERE id = ANY($2::text[])', [now, ids]);
    const { rows: refs } = await sql.query<{ hash: string }>('DELETE FROM job_blobs WHERE job_id = ANY($1::text[]) RETURNING hash', [ids]);
    const hashes = [...new Set(refs.map((r) => r.hash))];
    // A blob another job references stays. (A create re-using the blob right now is not committed
    // yet; the blob store's minimum age guards that race.)
    const { rows: unreferenced } = await sql.query<{ hash: string }>(
      `SELECT h.hash FROM unnest($1::text[]) AS h(hash)
       WHERE NOT EXISTS (SELECT 1 FROM job_blobs WHERE job_blobs.hash = h.hash) ORDER BY h.hash`,
      [hashes],
    );
    return { jobs: ids.length, unreferencedBlobs: unreferenced.map((r) => r.hash) };
  });
}

/** Deletes job records past expires_at + retention (payloads are long gone) and expired idempotency keys. */
export async function deleteExpiredRecords(db: PgDatabase, now: number, retentionMs: number): Promise<number> {
  return db.transaction(async (sql) => {
    const { rowCount } = await sql.query(`DELETE FROM jobs WHERE expires_at <= $1 AND payload_purged_at IS NOT NULL AND status <> ALL($2::text[])`, [
      toSeconds(now - retentionMs),
      ACTIVE_STATUSES,
    ]);
    await sql.query('DELETE FROM idempotency_keys WHERE expires_at <= $1', [now]);
    return rowCount ?? 0;
  });
}
