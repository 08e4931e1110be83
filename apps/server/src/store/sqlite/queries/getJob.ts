import type { JobIncludes, StoredJob } from '../../../interfaces.js';
import { rowToJob, type JobRow } from '../../rows.js';
import { ACTIVE_STATUSES } from '../../../jobs/states.js';
import { jobColumns, statement, statusList, type SqliteDatabase } from '../db.js';

/** A job of the organization (another organization's job is not found). */
export function getJob(db: SqliteDatabase, organizationId: string, jobId: string, include: JobIncludes = {}): StoredJob | undefined {
  const row = statement<[string, string], JobRow>(db, `SELECT ${jobColumns(include)} FROM jobs WHERE id = ? AND organization_id = ?`).get(
    jobId,
    organizationId,
  );
  return row && rowToJob(row, include);
}

/** The insertion sequence of a job of the organization (list cursors). */
export function jobSequence(db: SqliteDatabase, organizationId: string, jobId: string): number | undefined {
  const row = statement<[string, string], { seq: number }>(db, 'SELECT seq FROM jobs WHERE id = ? AND organization_id = ?').get(jobId, organizationId);
  return row?.seq;
}

/** Jobs of the organization that are validating, queued or in progress. */
export function countActiveJobs(db: SqliteDatabase, organizationId: string): number {
  return statement<[string], { n: number }>(db, `SELECT count(*) AS n FROM jobs WHERE organization_id = ? AND status IN ${statusList(ACTIVE_STATUSES)}`).get(
    organizationId,
  )!.n;
}

/** Queued jobs whose backoff has passed (all organizations). */
export function queueDepth(db: SqliteDatabase, now: number): number {
  return statement<[number], { n: number }>(db, `SELECT count(*) AS n FROM jobs WHERE status = 'queued' AND run_at <= ?`).get(now)!.n;
}
