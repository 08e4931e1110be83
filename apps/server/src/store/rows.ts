/**
 * The `jobs` row as both engines store it, and the one conversion from a row to the API's Job.
 * Only the stores call this: everything above them sees API Jobs.
 */
import type { JobEndpoint, JobError, JobResponse, JobStatus, JobWarning, Metadata } from '@jobs-api/api-types';
import type { CataloguedJobError } from '../errors.js';
import { REQUEST_BLOBS, type ApiKeyRecord, type JobIncludes, type RequestBlobs, type StoredJob, type WorkerInfo } from '../interfaces.js';

/** JSON columns arrive as text from SQLite and as parsed values from PostgreSQL (jsonb). */
type JsonColumn<T> = string | T | null;

/** A row of `jobs` (snake_case, as in the migrations). */
export interface JobRow {
  /** Monotonic insertion order; list and claim order. */
  seq: number | string;
  /** `job_` + 21-character nanoid. */
  id: string;
  organization_id: string;
  status: JobStatus;
  endpoint: JobEndpoint;
  /** The model named in the request (list filter). */
  model: string | null;
  /** Lower-cased document file names, newline-separated (list filter). */
  filenames: string;
  /** The request as stored (large data: URLs replaced by blob refs); NULL once purged. */
  request: JsonColumn<Record<string, unknown>>;
  /** Where `request` holds blob refs (read with the request only); NULL when it holds none. */
  request_blobs?: JsonColumn<RequestBlobs>;
  response: JsonColumn<JobResponse>;
  error: JsonColumn<JobError>;
  warnings: JsonColumn<JobWarning[]>;
  metadata: JsonColumn<Metadata>;
  /** Unix seconds. */
  created_at: number | string;
  started_at: number | string | null;
  completed_at: number | string | null;
  expires_at: number | string;
  /** 0/1 in SQLite, boolean in PostgreSQL. */
  cancelled: number | boolean;
  attempt_count: number;
  max_attempts: number;
  last_attempt_at: number | string | null;
  last_failure_code: string | null;
  cloud_task_name: string | null;
  /** ms: claimable from then on. */
  run_at: number | string;
  lease_owner: string | null;
  /** ms. */
  lease_expires_at: number | string | null;
  /** ms. */
  payload_purged_at: number | string | null;
}

function json<T>(value: JsonColumn<T>): T | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}

function int(value: number | string): number;
function int(value: number | string | null): number | null;
function int(value: number | string | null): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** The API Job for a row: every field present; request/response only when asked for (with where the request holds blob refs). */
export function rowToJob(row: JobRow, include: JobIncludes = {}): StoredJob {
  const job: StoredJob = {
    id: row.id,
    object: 'job',
    status: row.status,
    endpoint: row.endpoint,
    request: include.request ? json(row.request) : null,
    response: include.response ? json(row.response) : null,
    error: json(row.error),
    warnings: json(row.warnings),
    created_at: int(row.created_at),
    started_at: int(row.started_at),
    completed_at: int(row.completed_at),
    expires_at: int(row.expires_at),
    organization_id: row.organization_id,
    metadata: json(row.metadata) ?? {},
    cloud_task_name: row.cloud_task_name,
    cancelled: row.cancelled === true || row.cancelled === 1,
    attempt_count: Number(row.attempt_count),
    last_attempt_at: int(row.last_attempt_at),
    last_failure_code: row.last_failure_code,
    request_gcs_paths: null,
  };
  if (include.request) job[REQUEST_BLOBS] = json(row.request_blobs ?? null);
  return job;
}

/** Unix seconds for a time in ms (the API's resolution). */
export function toSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

/** The error a job gets when it expires before finishing. */
export const JOB_EXPIRED_ERROR: CataloguedJobError = Object.freeze({
  code: 'job_expired',
  message: 'The job did not finish before it expired.',
});

/** The error of an attempt whose worker stopped renewing its lease. */
export const WORKER_LOST_ERROR: CataloguedJobError = Object.freeze({
  code: 'worker_lost',
  message: 'The worker running the job stopped (its lease expired) and no attempts are left.',
});

/** A row of `api_keys`. */
export interface ApiKeyRow {
  id: string;
  organization_id: string;
  /** The key's first characters (lookup and display). */
  prefix: string;
  /** SHA-256 of the whole key, hex. */
  key_hash: string;
  name: string | null;
  /** ms. */
  created_at: number | string;
  revoked_at: number | string | null;
}

export function rowToApiKey(r: ApiKeyRow): ApiKeyRecord {
  return {
    id: r.id,
    organizationId: r.organization_id,
    prefix: r.prefix,
    keyHash: r.key_hash,
    name: r.name,
    createdAt: int(r.created_at),
    revokedAt: int(r.revoked_at),
  };
}

/** A row of `workers` (heartbeats). */
export interface WorkerRow {
  id: string;
  hostname: string;
  pid: number;
  /** ms. */
  started_at: number | string;
  last_seen_at: number | string;
  concurrency: number;
}

export function rowToWorker(r: WorkerRow): WorkerInfo {
  return { id: r.id, hostname: r.hostname, pid: r.pid, startedAt: int(r.started_at), lastSeenAt: int(r.last_seen_at), concurrency: r.concurrency };
}
