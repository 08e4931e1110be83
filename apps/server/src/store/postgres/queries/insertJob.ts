import type { Job } from '@jobs-api/api-types';
import type { NewJob } from '../../../interfaces.js';
import { rowToJob, toSeconds, type JobRow } from '../../rows.js';
import { jobColumns, LOCK_CLASS, withoutNul, type PgDatabase } from '../db.js';
import { NOTIFY_QUEUED } from '../notify.js';

/**
 * Inserts a job, its blob references and (when given) binds its idempotency key, in one
 * transaction: a crash leaves either the whole job or nothing. A queued job notifies idle workers
 * on commit.
 *
 * Ordering: `seq` comes from an identity sequence, and two concurrent inserts can commit in the
 * opposite order of their seq values (A takes 10, B takes 11, B commits first). A client paging
 * `order=asc` with `after=<B>` in between would never see A. So the insert first takes a
 * transaction-scoped advisory lock on its organization: inserts of one organization take seq and
 * commit one at a time (the lock is released after the commit is visible), while organizations
 * still insert in parallel. Every list is scoped to one organization, so within what a client can
 * page through, seq order is commit order. Two organizations whose ids hash alike merely share a
 * lock. Cost: one organization's inserts are serialised on their commit (~1 ms each here).
 *
 * Safe to run again after a lost connection: the job id is fresh per create, so a second run after
 * a commit that was not acknowledged inserts nothing and answers the stored job.
 */
export async function insertJob(db: PgDatabase, job: NewJob, idempotencyKey?: string): Promise<Job> {
  const row = await db.transaction(async (sql) => {
    await sql.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS.insertJob, job.organizationId]);
    await sql.query(
      `INSERT INTO jobs (id, organization_id, status, endpoint, model, filenames, request, warnings, metadata,
         created_at, expires_at, max_attempts, run_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::json, $8::json, $9::json, $10, $11, $12, $13)
       ON CONFLICT (id) DO NOTHING`,
      [
        job.id,
        job.organizationId,
        job.status,
        job.endpoint,
        job.model === null ? null : withoutNul(job.model),
        withoutNul(job.filenames.map((f) => f.toLowerCase()).join('\n')),
        JSON.stringify(job.request),
        job.warnings ? JSON.stringify(job.warnings) : null,
        JSON.stringify(job.metadata),
        toSeconds(job.createdAt),
        toSeconds(job.expiresAt),
        job.maxAttempts,
        job.createdAt,
      ],
    );
    if (job.blobHashes.length > 0) {
      await sql.query('INSERT INTO job_blobs (job_id, hash) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING', [job.id, job.blobHashes]);
    }
    if (idempotencyKey !== undefined) {
      await sql.query('UPDATE idempotency_keys SET job_id = $1 WHERE organization_id = $2 AND key = $3', [
        job.id,
        job.organizationId,
        idempotencyKey,
      ]);
    }
    if (job.status === 'queued') await sql.query(NOTIFY_QUEUED);
    const { rows } = await sql.query<JobRow>(`SELECT ${jobColumns({ request: true })} FROM jobs WHERE id = $1`, [job.id]);
    return rows[0]!;
  });
  return rowToJob(row, { request: true });
}
