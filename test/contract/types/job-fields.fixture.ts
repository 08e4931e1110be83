/**
 * Type test, compiled by this workspace's `lint` (tsc --noEmit), never run for its logic: the SDK's
 * types (`@jobs-api/client`, re-exporting @jobs-api/api-types) have every Job field with the spec's
 * type and nullability. A field renamed, dropped or added in the spec regenerates the types and
 * breaks this file; test/drift.test.ts checks that JOB_FIELD_NAMES below equals the spec's fields.
 */
import type { Job, JobEndpoint, JobFor, JobList, JobStatus } from '@jobs-api/client';

/** Every Job field, as this fixture uses them (compared with the bundled spec at test time). */
export const JOB_FIELD_NAMES = [
  'id',
  'object',
  'status',
  'endpoint',
  'request',
  'response',
  'error',
  'warnings',
  'created_at',
  'started_at',
  'completed_at',
  'expires_at',
  'organization_id',
  'metadata',
  'cloud_task_name',
  'cancelled',
  'attempt_count',
  'last_attempt_at',
  'last_failure_code',
  'request_gcs_paths',
] as const;

type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** The list above names exactly the keys of the SDK's Job (no more, no fewer). */
export const fieldNamesAreTheJobKeys: Exact<(typeof JOB_FIELD_NAMES)[number], keyof Job> = true;

/** A completed parse job written out in full: an object literal must name every field and no other. */
export const completedParseJob: JobFor<'/v1/documents/parse'> = {
  id: 'job_V1StGXR8_Z5jdHi6B-myT',
  object: 'job',
  status: 'completed',
  endpoint: '/v1/documents/parse',
  request: { document: { filename: 'a.txt', url: 'data:text/plain;base64,YQ==' } },
  response: {
    status_code: 200,
    body: { document: { filename: 'a.txt', mime_type: 'text/plain' }, usage: { page_count: 1, credits: 1 }, pages: ['a'], text: 'a' },
  },
  error: null,
  warnings: [{ code: 'dispatch_delayed', message: 'No worker could take it at once.' }],
  created_at: 1764457200,
  started_at: 1764457201,
  completed_at: 1764457202,
  expires_at: 1765062000,
  organization_id: 'org_default',
  metadata: { customer: 'acme' },
  cloud_task_name: null,
  cancelled: false,
  attempt_count: 1,
  last_attempt_at: 1764457201,
  last_failure_code: null,
  request_gcs_paths: null,
};

/** Reads every field with the type the spec gives it (a narrower or wider type fails to compile). */
export function readEveryField(job: Job): unknown[] {
  const id: string = job.id;
  const object: 'job' = job.object;
  const status: JobStatus = job.status;
  const endpoint: JobEndpoint = job.endpoint;
  const request: Record<string, unknown> | null = job.request;
  const response: { status_code: number; body: Record<string, unknown> } | null = job.response;
  const error: { code: string; message: string; details?: Record<string, unknown> } | null = job.error;
  const warnings: { code: string; message: string }[] | null = job.warnings;
  const createdAt: number = job.created_at;
  const startedAt: number | null = job.started_at;
  const completedAt: number | null = job.completed_at;
  const expiresAt: number = job.expires_at;
  const organizationId: string = job.organization_id;
  const metadata: Record<string, string> = job.metadata;
  const cloudTaskName: string | null = job.cloud_task_name;
  const cancelled: boolean = job.cancelled;
  const attemptCount: number = job.attempt_count;
  const lastAttemptAt: number | null = job.last_attempt_at;
  const lastFailureCode: string | null = job.last_failure_code;
  const requestGcsPaths: null = job.request_gcs_paths;

  // Nullability has teeth: each of these must be an error, or the spec lost a `null`.
  // @ts-expect-error started_at is nullable
  const startedAtNotNull: number = job.started_at;
  // @ts-expect-error response is nullable
  const responseNotNull: { status_code: number } = job.response;
  // @ts-expect-error created_at is never null
  job.created_at = null;
  // @ts-expect-error request_gcs_paths is always null
  job.request_gcs_paths = 'gs://bucket/object';

  return [
    id,
    object,
    status,
    endpoint,
    request,
    response,
    error,
    warnings,
    createdAt,
    startedAt,
    completedAt,
    expiresAt,
    organizationId,
    metadata,
    cloudTaskName,
    cancelled,
    attemptCount,
    lastAttemptAt,
    lastFailureCode,
    requestGcsPaths,
    startedAtNotNull,
    responseNotNull,
  ];
}

/** A list page carries Jobs. */
export const firstOfPage = (page: JobList): Job | undefined => page.data[0];
