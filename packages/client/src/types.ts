/**
 * Types the client adds on top of @jobs-api/api-types: option bags and views derived from the
 * generated API types. No API shape is declared here; each is built from the spec's types.
 */
import type { Job, JobEndpoint, JobResponse, JobResultFor, ListJobsParams, Metadata } from '@jobs-api/api-types';

/**
 * A {@link Job} whose `endpoint` is `E` and whose `response.body` is typed as that endpoint's 200
 * body (the body of a completed job; `response` stays `null` unless it was asked for).
 */
export type JobFor<E extends JobEndpoint> = Omit<Job, 'endpoint' | 'response'> & {
  /** The target endpoint the job runs. */
  endpoint: E;
  /** `{status_code, body}` once completed, `body` being `E`'s 200 body; `null` unless asked for. */
  response: (Omit<JobResponse, 'body'> & { body: JobResultFor<E> }) | null;
};

// The lifecycle's status sets come from the one transition table in @jobs-api/api-types.
export { isTerminalStatus, TERMINAL_JOB_STATUSES, type TerminalJobStatus } from '@jobs-api/api-types';

/** Options every call takes; each overrides the client's setting for this call only. */
export interface RequestOptions {
  /** Aborts the call (the attempt in flight and any backoff sleep); it rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Extra headers for this call. */
  headers?: Record<string, string> | undefined;
  /** Retries after the first attempt for this call. */
  maxRetries?: number | undefined;
  /** How long one attempt may take for this call, in milliseconds. */
  timeoutMs?: number | undefined;
}

/** Options of `jobs.create`. */
export interface CreateJobOptions extends RequestOptions {
  /**
   * The `Idempotency-Key` (at most 255 characters). Generated when omitted; either way it is reused
   * by every retry of this call. Pass your own to make a create safe to repeat across processes
   * (e.g. derived from your own record's id).
   */
  idempotencyKey?: string | undefined;
}

/** Options of `jobs.retrieve`. */
export interface RetrieveJobOptions extends RequestOptions {
  /** Include the job's `request` (as submitted, inline documents included). Default `false`. */
  includeRequest?: boolean | undefined;
  /** Include the job's `response`. Default `false`, so polling stays light. */
  includeResponse?: boolean | undefined;
  /** Long-poll: the server holds the answer until the job is terminal or this many seconds (≤ 60) passed. */
  waitSeconds?: number | undefined;
}

/**
 * The query of `jobs.list` / `jobs.iterate`: the spec's `listJobs` parameters, except that the
 * `metadata` filter may also be given as an object (the client sends it as the JSON string the
 * server expects).
 */
export type ListJobsQuery = Omit<ListJobsParams, 'metadata'> & {
  /** Only jobs whose metadata holds every one of these pairs. */
  metadata?: ListJobsParams['metadata'] | Metadata | undefined;
};

/** Options of `jobs.waitForCompletion`. */
export interface WaitForCompletionOptions {
  /** The first wait between two polls, in milliseconds (default 500); each later wait is 1.5 times longer, up to 5 s. */
  pollIntervalMs?: number | undefined;
  /** Give up (with a `WaitTimeoutError`) when the job is not terminal after this many milliseconds (default 600 000). */
  timeoutMs?: number | undefined;
  /** Stops waiting; the promise rejects with the signal's reason. The job itself is not cancelled. */
  signal?: AbortSignal | undefined;
  /** Extra headers for every poll. */
  headers?: Record<string, string> | undefined;
  /** Fetch the terminal job with its `response` (default `true`). */
  includeResponse?: boolean | undefined;
  /** Fetch the terminal job with its `request` (default `false`). */
  includeRequest?: boolean | undefined;
  /**
   * How to learn that the job finished: `long-poll` (default) holds each request open on the server
   * (`?wait=`, up to 60 s) and falls back to polling when the server does not take `wait`;
   * `poll` only polls.
   */
  strategy?: 'long-poll' | 'poll' | undefined;
}

/** Options of `jobs.stream`. */
export interface StreamJobOptions {
  /** Stops the stream; the iterator rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Start after this event id (the `id:` of an event already received); default: the job's current state. */
  lastEventId?: string | undefined;
  /** Extra headers for every connection. */
  headers?: Record<string, string> | undefined;
}
