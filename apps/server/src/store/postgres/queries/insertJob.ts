import type { Job } from '@jobs-api/api-types';
import type { NewJob } from '../../../interfaces.js';
import { rowToJob, toSeconds, type JobRow } from '../../rows.js';
import { jobColumns, LOCK_CLASS, withoutNul, type PgDatabase } from '../db.js';
import { CHANNELS } from '../notify.js';

/**
 * Inserts a job, its blob references and (when given) binds its idempotency key, and wakes idle
 * workers on commit when it is queued: one statement, so one implicit transaction (a crash leaves
 * the whole job or nothing) and one round trip.
 *
 * Ordering: `seq` comes from an identity sequence, and two concurrent inserts can commit in the
 * opposite order of their seq values (A takes 10, B takes 11, B commits first). A client paging
 * `order=asc` with `after=<B>` in between would never see A. So the insert first takes a
 * transaction-scoped advisory lock on its organization (the `locked` CTE, which the INSERT reads
 * from, so seq is drawn after the lock is held); the lock is released only after the commit is
 * visible. Within an organization, which is all a client can page through, seq order is therefore
 * commit order; organizations still insert in parallel (two whose ids hash alike merely share a
 * lock). Being one statement matters here: the lock is held for the statement and its commit, never
 * across a round trip to a client process that the OS may have descheduled.
 *
 * The idempotency-key binding reads `inserted`, so it runs after the insert (and the lock).
 *
 * Answers the job without its request (the caller holds it).
 *
 * Safe to run again after a lost connection: the job id is fresh per create, so a second run after
 * a commit that was not acknowledged inserts nothing and answers the stored job.
 */
export async function insertJob(db: PgDatabase, job: NewJob, idempotencyKey?: string): Promise<Job> {
  const { rows } = await db.query<JobRow>(
    `WITH locked AS (SELECT pg_advisory_xact_lock($1, hashtext($3))),
     inserted AS (
       INSERT INTO jobs (id, organization_id, status, endpoint, model, filenames, request, request_blobs, warnings, metadata,
         created_at, expires_at, max_attempts, run_at, source, project_id, document_type, document_names, trace_context)
       SELECT $2, $3, $4, $5, $6, $7, $8::json, $17::json, $9::json, $10::json, $11, $12, $13, $14, $18, $19, $20, $21, $22 FROM locked
       ON CONFLICT (id) DO NOTHING
       RETURNING *
     ),
     blob_refs AS (
       INSERT INTO job_blobs (job_id, hash) SELECT inserted.id, unnest($15::text[]) FROM inserted ON CONFLICT DO NOTHING
     ),
     key_bound AS (
       UPDATE idempotency_keys SET job_id = $2
       WHERE organization_id = $3 AND key = $16 AND EXISTS (SELECT 1 FROM inserted)
     ),
     woken AS (SELECT pg_notify('${CHANNELS.queued}', '') FROM inserted WHERE inserted.status = 'queued')
     SELECT ${jobColumns({}, 'inserted')}, (SELECT count(*) FROM woken) AS notified FROM inserted`,
    [
      LOCK_CLASS.insertJob,
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
      job.blobHashes,
      idempotencyKey ?? null,
      job.blobPaths?.length ? JSON.stringify({ paths: job.blobPaths }) : null,
      job.source ?? 'api',
      job.projectId == null ? null : withoutNul(job.projectId),
      job.documentType == null ? null : withoutNul(job.documentType),
      withoutNul(job.filenames.join('\n')),
      job.traceContext ?? null,
    ],
  );
  // Nothing inserted: an earlier run of this very insert committed (see above).
  const row = rows[0] ?? (await db.query<JobRow>(`SELECT ${jobColumns()} FROM jobs WHERE id = $1`, [job.id])).rows[0];
  if (!row) throw new Error(`job ${job.id} was neither inserted nor found`);
  return rowToJob(row);
}
