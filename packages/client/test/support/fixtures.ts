/** Test data typed by the API's own types. */
import type { Job, JobList } from '../../src/index.js';

let counter = 0;

/** A job as the server answers it; `overrides` replace fields. */
export function job(overrides: Partial<Job> = {}): Job {
  counter += 1;
  return {
    id: `job_${String(counter).padStart(21, '0')}`,
    object: 'job',
    status: 'queued',
    endpoint: '/v1/documents/parse',
    request: null,
    response: null,
    error: null,
    warnings: null,
    created_at: 1764457200,
    started_at: null,
    completed_at: null,
    expires_at: 1765062000,
    organization_id: 'org_default',
    metadata: {},
    cloud_task_name: null,
    cancelled: false,
    attempt_count: 0,
    last_attempt_at: null,
    last_failure_code: null,
    request_gcs_paths: null,
    ...overrides,
  };
}

/** A page of `jobs`, with cursors computed as the server does. */
export function page(jobs: Job[], hasMore: boolean): JobList {
  return { object: 'list', data: jobs, first_id: jobs[0]?.id ?? null, last_id: jobs.at(-1)?.id ?? null, has_more: hasMore };
}

/** A parse request body for `jobs.create`. */
export const parseBody = {
  endpoint: '/v1/documents/parse',
  request: {
    document: { filename: 'note.txt', url: 'data:text/plain;base64,SGVsbG8=' },
    table_parsing_format: 'markdown',
    image_resolution_dpi: 192,
  },
} as const;
