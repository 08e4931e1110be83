import type { JobIncludes, StoredJob } from '../../../interfaces.js';
import { ACTIVE_STATUSES } from '../../../jobs/states.js';
import { rowToJob, type JobRow } from '../../rows.js';
import { jobColumns, type PgDatabase } from '../db.js';

/** A job of the organization (another organization's job is not found). */
export async function getJob(db: PgDatabase, organizationId: string, jobId: string, include: JobIncludes = {}): Promise<StoredJob | undefined> {
  const { rows } = await db.query<JobRow>(`SELECT ${jobColumns(include)} FROM jobs WHERE id = $1 AND organization_id = $2`, [jobId, organizationId]);
  return rows[0] && rowToJob(rows[0], include);
}

/** The insertion sequence of a job of the organization (list cursors). */
export async function jobSequence(db: PgDatabase, organizationId: string, jobId: string): Promise<number | undefined> {
  const { rows } = await db.query<{ seq: number }>('SELECT seq FROM jobs WHERE id = $1 AND organization_id = $2', [jobId, organizationId]);
  return rows[0]?.seq;
}

/** Jobs of the organization that are validating, queued or in progress. */
export async function countActiveJobs(db: PgDatabase, organizationId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*) AS n FROM jobs WHERE organization_id = $1 AND status = ANY($2::text[])', [
    organizationId,
    ACTIVE_STATUSES,
  ]);
  return rows[0]!.n;
}

/** Queued jobs whose backoff has passed (all organizations). */
export async function queueDepth(db: PgDatabase, now: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*) AS n FROM jobs WHERE status = 'queued' AND run_at <= $1`, [now]);
  return rows[0]!.n;
}
