import type { Job } from '@jobs-api/api-types';
import type { ClaimedInsert, IdempotencyClaimArgs, NewJob } from '../../../interfaces.js';
import { rowToJob, toSeconds, type JobRow } from '../../rows.js';
import { jobColumns, withoutNul, type PgDatabase } from '../db.js';
import { LOCK_CLASS } from '../locks.js';
import { CHANNELS } from '../notify.js';
import { claimIdempotencyKey, releaseIdempotencyKey } from './idempotencyKeys.js';

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
  const { rows } = await db.query<JobRow>(INSERT_AND_BIND_KEY, insertParams(job, idempotencyKey ?? null));
  // Nothing inserted: an earlier run of this very insert committed (see above).
  return rowToJob(rows[0] ?? (await storedJob(db, job.id)));
}

/**
 * Claims the key and inserts the job bound to it. A fresh key (every create but a retry) takes one
 * statement, so one commit and one round trip where claimIdempotencyKey + insertJob take a
 * transaction and a statement (two commits); the key row is written already bound to the job, and
 * the job is inserted only when that row was (the `claimed` CTE). A key that exists (a replay, a
 * concurrent create, an expired or stale claim) goes the two-step way, which decides on its row.
 *
 * After a lost connection the statement may run again: it then finds its own bound key, and the
 * two-step claim answers a replay of the job the first run stored.
 */
export async function claimKeyAndInsertJob(db: PgDatabase, job: NewJob, claim: IdempotencyClaimArgs): Promise<ClaimedInsert> {
  const { rows } = await db.query<JobRow>(CLAIM_KEY_AND_INSERT, [...insertParams(job, claim.key), claim.requestHash, claim.now, claim.now + claim.ttlMs]);
  if (rows[0]) return { kind: 'inserted', job: rowToJob(rows[0]) };
  const outcome = await claimIdempotencyKey(db, claim);
  if (outcome.kind !== 'claimed') return outcome;
  try {
    return { kind: 'inserted', job: await insertJob(db, job, claim.key) };
  } catch (error) {
    // As the two-step create does: a claim whose job was not stored is freed at once.
    await releaseIdempotencyKey(db, claim.organizationId, claim.key);
    throw error;
  }
}

async function storedJob(db: PgDatabase, jobId: string): Promise<JobRow> {
  const row = (await db.query<JobRow>(`SELECT ${jobColumns()} FROM jobs WHERE id = $1`, [jobId])).rows[0];
  if (!row) throw new Error(`job ${jobId} was neither inserted nor found`);
  return row;
}

/**
 * The insert, its blob references and the wake-up, reading from `gate` (a CTE that answers one row
 * when the job may be inserted and takes the organization's advisory lock): see insertJob.
 */
function insertStatement(gate: string, bindKey: boolean): string {
  return `WITH ${gate},
     inserted AS (
       INSERT INTO jobs (id, organization_id, status, endpoint, model, filenames, request, request_blobs, warnings, metadata,
         created_at, expires_at, max_attempts, run_at, source, project_id, document_type, document_names, trace_context)
       SELECT $2, $3, $4, $5, $6, $7, $8::json, $17::json, $9::json, $10::json, $11, $12, $13, $14, $18, $19, $20, $21, $22 FROM locked
       ON CONFLICT (id) DO NOTHING
       RETURNING *
     ),
     blob_refs AS (
       INSERT INTO job_blobs (job_id, hash) SELECT inserted.id, unnest($15::text[]) FROM inserted ON CONFLICT DO NOTHING
     ),${
       bindKey
         ? `
     key_bound AS (
       UPDATE idempotency_keys SET job_id = $2
       WHERE organization_id = $3 AND key = $16 AND EXISTS (SELECT 1 FROM inserted)
     ),`
         : ''
     }
     woken AS (SELECT pg_notify('${CHANNELS.queued}', '') FROM inserted WHERE inserted.status = 'queued')
     SELECT ${jobColumns({}, 'inserted')}, (SELECT count(*) FROM woken) AS notified FROM inserted`;
}

const INSERT_AND_BIND_KEY = insertStatement('locked AS (SELECT pg_advisory_xact_lock($1, hashtext($3)))', true);

// $23-$25: the request hash, created_at and expires_at of the key row ($16 is the key).
const CLAIM_KEY_AND_INSERT = insertStatement(
  `claimed AS (
       INSERT INTO idempotency_keys (organization_id, key, request_hash, job_id, created_at, expires_at)
       VALUES ($3, $16, $23, $2, $24, $25) ON CONFLICT (organization_id, key) DO NOTHING
       RETURNING 1
     ),
     locked AS (SELECT pg_advisory_xact_lock($1, hashtext($3)) FROM claimed)`,
  false,
);

function insertParams(job: NewJob, idempotencyKey: string | null): unknown[] {
  return [
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
    idempotencyKey,
    job.blobPaths?.length ? JSON.stringify({ paths: job.blobPaths }) : null,
    job.source ?? 'api',
    job.projectId == null ? null : withoutNul(job.projectId),
    job.documentType == null ? null : withoutNul(job.documentType),
    withoutNul(job.filenames.join('\n')),
    job.traceContext ?? null,
  ];
}
