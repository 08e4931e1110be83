/**
 * The checks every Job answer gets, wherever it comes from (create, get, list, cancel, retry; the
 * server or the mock). They answer a list of problems instead of throwing, so one assertion shows
 * everything wrong with an answer at once.
 *
 * Timestamps (Unix seconds, so equal values are normal):
 *   created_at ≤ started_at ≤ last_attempt_at, started_at ≤ completed_at, created_at < expires_at;
 *   completed_at < expires_at for every terminal status except `expired`.
 * The exception: a job becomes `expired` because `expires_at` passed while it was not terminal, and
 * expiry stamps `completed_at` with the moment the sweep saw it, so for an expired job
 * `completed_at ≥ expires_at` must hold instead (and `started_at` may be null: a queued job can
 * expire without ever starting). A retry of an expired job moves `expires_at` forward and clears
 * `completed_at`, so the normal rule applies again from there.
 */
import { isTerminalStatus, type Job } from '@jobs-api/api-types';
import { describeErrors, schemas, validatorFor, validatorOf, type JsonObject } from '@jobs-api/test-helpers';
import type { FactsRecorder, JobOperation } from './report.js';

const jobSchema = schemas.Job as JsonObject;
/** The Job fields, from the spec (docs/architecture.md, "The Job object" has 20; test/drift checks the count). */
export const JOB_FIELDS = Object.keys(jobSchema.properties as JsonObject);
const validateJob = validatorOf('Job');
const fieldValidators = Object.fromEntries(JOB_FIELDS.map((field) => [field, validatorFor(jobSchema.properties[field])]));
/** Fields whose schema admits null (type list with "null", or a oneOf branch `type: null`). */
export const NULLABLE_FIELDS = JOB_FIELDS.filter((field) => fieldValidators[field]!(null));

export interface JobExpectations {
  /** `request` must be set (asked for, or the create answer, which echoes it); otherwise null. */
  request: boolean;
  /** `response` was asked for: set when the job is completed, null otherwise. Not asked: null. */
  response: boolean;
  /** The organization of the key used. */
  organizationId?: string;
  /** The mock serves fixed examples whatever the query says: skip the include_* rules there. */
  ignoreIncludes?: boolean;
}

/** Everything wrong with `job` as a Job answer; [] when nothing is. */
export function jobProblems(job: unknown, expect: JobExpectations): string[] {
  const problems: string[] = [];
  if (!validateJob(job)) problems.push(`not a valid Job: ${describeErrors(validateJob.errors)}`);
  if (typeof job !== 'object' || job === null) return problems;
  const record = job as Record<string, unknown>;
  for (const field of JOB_FIELDS) {
    if (!Object.hasOwn(record, field)) problems.push(`field ${field} is missing`);
    else if (!fieldValidators[field]!(record[field]))
      problems.push(`field ${field} = ${JSON.stringify(record[field])?.slice(0, 200)}: ${describeErrors(fieldValidators[field]!.errors)}`);
  }
  const extra = Object.keys(record).filter((k) => !JOB_FIELDS.includes(k));
  if (extra.length) problems.push(`fields not in the spec: ${extra.join(', ')}`);
  if (problems.length) return problems;

  const j = job as Job;
  const terminal = isTerminalStatus(j.status);
  if (j.request_gcs_paths !== null) problems.push('request_gcs_paths is not null');
  if (!expect.ignoreIncludes) {
    if (expect.request && j.request === null) problems.push('request is null although it was asked for');
    if (!expect.request && j.request !== null) problems.push('request is set although it was not asked for');
    const wantResponse = expect.response && j.status === 'completed';
    if (wantResponse && j.response === null) problems.push('response is null on a completed job although it was asked for');
    if (!wantResponse && j.response !== null) problems.push(`response is set (${expect.response ? `status ${j.status}` : 'not asked for'})`);
  }
  if (expect.organizationId && j.organization_id !== expect.organizationId)
    problems.push(`organization_id ${j.organization_id}, expected ${expect.organizationId}`);

  // Status ↔ fields (docs/architecture.md, "The Job object" and "Job lifecycle").
  if (terminal !== (j.completed_at !== null)) problems.push(`completed_at ${j.completed_at} with status ${j.status} (set exactly on terminal statuses)`);
  if ((j.status === 'failed' || j.status === 'expired') !== (j.error !== null))
    problems.push(`error ${JSON.stringify(j.error)} with status ${j.status} (set exactly when failed or expired)`);
  if (j.status === 'expired' && j.error?.code !== 'job_expired') problems.push(`an expired job's error code is ${j.error?.code}, expected job_expired`);
  if ((j.status === 'cancelled') !== j.cancelled) problems.push(`cancelled ${j.cancelled} with status ${j.status}`);
  if (j.status === 'in_progress' && (j.started_at === null || j.cloud_task_name === null))
    problems.push('an in_progress job has no started_at or cloud_task_name');
  if (terminal && j.cloud_task_name !== null) problems.push(`a ${j.status} job still names a dispatch record (${j.cloud_task_name})`);
  if (j.attempt_count > 0 !== (j.started_at !== null) || j.attempt_count > 0 !== (j.last_attempt_at !== null)) {
    problems.push(`attempt_count ${j.attempt_count} with started_at ${j.started_at} and last_attempt_at ${j.last_attempt_at}`);
  }
  if (j.status === 'completed' && j.response !== null && (j.response.status_code < 200 || j.response.status_code > 299))
    problems.push(`completed with status_code ${j.response.status_code}`);

  // Timestamps (see the header comment).
  const order = (a: string, av: number | null, b: string, bv: number | null, strict = false) => {
    if (av !== null && bv !== null && (strict ? !(av < bv) : !(av <= bv))) problems.push(`${a} (${av}) ${strict ? '<' : '≤'} ${b} (${bv}) does not hold`);
  };
  order('created_at', j.created_at, 'started_at', j.started_at);
  order('started_at', j.started_at, 'last_attempt_at', j.last_attempt_at);
  order('started_at', j.started_at, 'completed_at', j.completed_at);
  order('created_at', j.created_at, 'completed_at', j.completed_at);
  order('created_at', j.created_at, 'expires_at', j.expires_at, true);
  if (j.status === 'expired') order('expires_at', j.expires_at, 'completed_at', j.completed_at);
  else order('completed_at', j.completed_at, 'expires_at', j.expires_at, true);
  return problems;
}

/**
 * Checks a Job answer and records it in the report when it passes: the operation, its status
 * (`delayed` marks a 202 create) and which nullable fields were null or set.
 */
export function checkJobAnswer(recorder: FactsRecorder | undefined, operation: JobOperation, job: unknown, expect: JobExpectations, delayed = false): string[] {
  const problems = jobProblems(job, expect);
  if (problems.length === 0 && recorder) {
    const j = job as Record<string, unknown>;
    recorder.countAnswer(operation);
    recorder.add('statuses', delayed ? `${j.status} (202 dispatch_delayed)` : String(j.status));
    recorder.add('fields', ...JOB_FIELDS);
    for (const field of NULLABLE_FIELDS) recorder.add(j[field] === null ? 'seenNull' : 'seenValue', field);
  }
  return problems.map((p) => `${operation} ${String((job as { id?: unknown })?.id ?? '')}: ${p}`);
}
