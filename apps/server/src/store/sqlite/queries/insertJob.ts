import type { Job } from '@jobs-api/api-types';
import type { ClaimedInsert, IdempotencyClaimArgs, NewJob } from '../../../interfaces.js';
import { rowToJob, toSeconds, type JobRow } from '../../rows.js';
import { jobColumns, statement, type SqliteDatabase } from '../db.js';
import { claimKey } from './idempotencyKeys.js';

/**
 * Inserts a job, its blob references and (when given) binds its idempotency key, in one
 * transaction: a crash leaves either the whole job or nothing. Answers the job without its request
 * (the caller holds it; reading it back parsed the whole stored JSON again on every create).
 */
export function insertJob(db: SqliteDatabase, job: NewJob, idempotencyKey?: string): Job {
  return db.transaction(() => insertJobStatements(db, job, idempotencyKey)).immediate();
}

/**
 * Claims the key and inserts the job bound to it, inside a transaction the caller holds (the group
 * commit's): one commit where claimIdempotencyKey + insertJob make two.
 */
export function claimKeyAndInsertStatements(db: SqliteDatabase, job: NewJob, claim: IdempotencyClaimArgs): ClaimedInsert {
  const outcome = claimKey(db, claim);
  if (outcome.kind !== 'claimed') return outcome;
  return { kind: 'inserted', job: insertJobStatements(db, job, claim.key) };
}

/** insertJob's statements, inside a transaction the caller holds (the group commit's). */
export function insertJobStatements(db: SqliteDatabase, job: NewJob, idempotencyKey?: string): Job {
  statement(
    db,
    `INSERT INTO jobs (id, organization_id, status, endpoint, model, filenames, request, request_blobs, warnings, metadata,
         created_at, expires_at, max_attempts, run_at, source, project_id, document_type, document_names, trace_context)
       VALUES (@id, @organization_id, @status, @endpoint, @model, @filenames, @request, @request_blobs, @warnings, @metadata,
         @created_at, @expires_at, @max_attempts, @run_at, @source, @project_id, @document_type, @document_names, @trace_context)`,
  ).run({
    id: job.id,
    organization_id: job.organizationId,
    status: job.status,
    endpoint: job.endpoint,
    model: job.model,
    filenames: job.filenames.map((f) => f.toLowerCase()).join('\n'),
    request: JSON.stringify(job.request),
    request_blobs: job.blobPaths?.length ? JSON.stringify({ paths: job.blobPaths }) : null,
    warnings: job.warnings ? JSON.stringify(job.warnings) : null,
    metadata: JSON.stringify(job.metadata),
    created_at: toSeconds(job.createdAt),
    expires_at: toSeconds(job.expiresAt),
    max_attempts: job.maxAttempts,
    run_at: job.createdAt,
    source: job.source ?? 'api',
    project_id: job.projectId ?? null,
    document_type: job.documentType ?? null,
    document_names: job.filenames.join('\n'),
    trace_context: job.traceContext ?? null,
  });
  const ref = statement(db, 'INSERT OR IGNORE INTO job_blobs (job_id, hash) VALUES (?, ?)');
  for (const hash of job.blobHashes) ref.run(job.id, hash);
  if (idempotencyKey !== undefined) {
    statement(db, 'UPDATE idempotency_keys SET job_id = ? WHERE organization_id = ? AND key = ?').run(job.id, job.organizationId, idempotencyKey);
  }
  return rowToJob(statement<[string], JobRow>(db, `SELECT ${jobColumns()} FROM jobs WHERE id = ?`).get(job.id)!);
}
