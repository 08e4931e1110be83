import type { MaintenanceResult } from '../../../interfaces.js';
import { ACTIVE_STATUSES, statusesThatCanBecome } from '../../../jobs/states.js';
import { JOB_EXPIRED_ERROR, toSeconds, WORKER_LOST_ERROR } from '../../rows.js';
import { placeholders, statement, statusList, type SqliteDatabase } from '../db.js';

const expirable = statusesThatCanBecome('expired', ACTIVE_STATUSES);

/**
 * Jobs whose worker stopped renewing its lease go back to the queue (`worker_lost`), at once: the
 * lease timeout already was the wait. run_at is kept (it is in the past: the job was claimed), so
 * the job keeps its place at the head of the queue instead of waiting behind the whole backlog
 * (the chaos test saw ~15 s from a kill to the run starting again with run_at = now, for a 2 s
 * lease). A job out of attempts fails instead.
 */
export function requeueExpiredLeases(db: SqliteDatabase, now: number): MaintenanceResult {
  const sweep = db.transaction((): MaintenanceResult => {
    const requeued = statement(
      db,
      `UPDATE jobs SET status = 'queued', last_failure_code = 'worker_lost',
         cloud_task_name = NULL, lease_owner = NULL, lease_expires_at = NULL
       WHERE status = 'in_progress' AND lease_expires_at < ? AND attempt_count < max_attempts`,
    ).run(now).changes;
    const failed = statement(
      db,
      `UPDATE jobs SET status = 'failed', error = ?, completed_at = ?, last_failure_code = 'worker_lost',
         cloud_task_name = NULL, lease_owner = NULL, lease_expires_at = NULL
       WHERE status = 'in_progress' AND lease_expires_at < ? AND attempt_count >= max_attempts`,
    ).run(JSON.stringify(WORKER_LOST_ERROR), toSeconds(now), now).changes;
    return { requeued, failed };
  });
  return sweep.immediate();
}

/** Jobs not terminal at expires_at become expired (a running one is aborted at its next lease renewal). */
export function expireJobs(db: SqliteDatabase, now: number): number {
  return statement(
    db,
    `UPDATE jobs SET status = 'expired', error = ?, completed_at = ?,
       cloud_task_name = NULL, lease_owner = NULL, lease_expires_at = NULL
     WHERE status IN ${placeholders(expirable.length)} AND expires_at <= ?`,
  ).run(JSON.stringify(JOB_EXPIRED_ERROR), toSeconds(now), ...expirable, toSeconds(now)).changes;
}

/**
 * Deletes the payloads (request, response) of jobs past expires_at + grace, and their blob
 * references; answers the blobs no job references any more (the caller deletes them).
 */
export function purgeExpiredPayloads(db: SqliteDatabase, now: number, graceMs: number): { jobs: number; unreferencedBlobs: string[] } {
  const purge = db.transaction(() => {
    const cutoff = toSeconds(now - graceMs);
    const ids = statement<[number], { id: string }>(
      db,
      `SELECT id FROM jobs WHERE payload_purged_at IS NULL AND expires_at <= ? AND status NOT IN ${statusList(ACTIVE_STATUSES)}
       LIMIT 1000`,
    )
      .all(cutoff)
      .map((r) => r.id);
    if (ids.length === 0) return { jobs: 0, unreferencedBlobs: [] };
    const hashes = new Set<string>();
    const refs = statement<[string], { hash: string }>(db, 'SELECT hash FROM job_blobs WHERE job_id = ?');
    const clear = statement(db, 'UPDATE jobs SET request = NULL, request_blobs = NULL, response = NULL, payload_purged_at = ? WHERE id = ?');
    const unref = statement(db, 'DELETE FROM job_blobs WHERE job_id = ?');
    for (const id of ids) {
      for (const r of refs.all(id)) hashes.add(r.hash);
      clear.run(now, id);
      unref.run(id);
    }
    const stillUsed = statement<[string], { n: number }>(db, 'SELECT count(*) AS n FROM job_blobs WHERE hash = ?');
    return { jobs: ids.length, unreferencedBlobs: [...hashes].filter((h) => stillUsed.get(h)!.n === 0) };
  });
  return purge.immediate();
}

/** Deletes job records past expires_at + retention (payloads are long gone) and expired idempotency keys. */
export function deleteExpiredRecords(db: SqliteDatabase, now: number, retentionMs: number): number {
  const sweep = db.transaction(() => {
    const deleted = statement(
      db,
      `DELETE FROM jobs WHERE expires_at <= ? AND payload_purged_at IS NOT NULL AND status NOT IN ${statusList(ACTIVE_STATUSES)}`,
    ).run(toSeconds(now - retentionMs)).changes;
    statement(db, 'DELETE FROM idempotency_keys WHERE expires_at <= ?').run(now);
    return deleted;
  });
  return sweep.immediate();
}
