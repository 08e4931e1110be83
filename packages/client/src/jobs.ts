/**
 * `client.jobs`: the five job operations of the spec as methods that resolve with the data or
 * throw a typed error, plus pagination and waiting helpers built on them.
 */
import type { CreateJobBody, Event, Job, JobEndpoint, JobList, paths } from '@jobs-api/api-types';
import type { Client } from 'openapi-fetch';
import { IDEMPOTENCY_KEY_HEADER } from './idempotency.js';
import { iterateItems, iteratePages } from './pagination.js';
import type { FetchLike } from './transport.js';
import type { CreateJobOptions, JobFor, ListJobsQuery, RequestOptions, RetrieveJobOptions, StreamJobOptions, WaitForCompletionOptions } from './types.js';
import { streamJobEvents, type StreamContext } from './stream.js';
import { unwrap } from './unwrap.js';
import { waitForCompletion } from './wait.js';

/** The jobs resource of a client (`client.jobs`). */
export interface JobsResource {
  /**
   * Creates a job (`POST /v1/jobs`) and resolves with it, `queued` (or `validating`). A job the
   * server could not dispatch at once carries a `dispatch_delayed` warning; it still runs.
   * An `Idempotency-Key` is always sent (`options.idempotencyKey`, else a generated one) and reused
   * by every retry, so retrying can never create a second job.
   */
  create<E extends JobEndpoint>(body: CreateJobBody & { endpoint: E }, options?: CreateJobOptions): Promise<JobFor<E>>;
  /** Fetches a job (`GET /v1/jobs/{job_id}`); `request` and `response` are `null` unless asked for. */
  retrieve(jobId: string, options?: RetrieveJobOptions): Promise<Job>;
  /** Fetches one page of jobs (`GET /v1/jobs`), newest first unless `order: 'asc'`. */
  list(query?: ListJobsQuery, options?: RequestOptions): Promise<JobList>;
  /** Every page of jobs matching `query`, for `for await`; pages are fetched as they are consumed. */
  iteratePages(query?: ListJobsQuery, options?: RequestOptions): AsyncGenerator<JobList, void, undefined>;
  /** Every job matching `query` across all pages, for `for await`; pages are fetched as they are consumed. */
  iterate(query?: ListJobsQuery, options?: RequestOptions): AsyncGenerator<Job, void, undefined>;
  /** Cancels a validating, queued or in-progress job; a cancelled one answers unchanged, a finished one throws a `ConflictError`. */
  cancel(jobId: string, options?: RequestOptions): Promise<Job>;
  /** Puts a failed, cancelled or expired job back in the queue (same id); any other status throws a `ConflictError`. */
  retry(jobId: string, options?: RequestOptions): Promise<Job>;
  /**
   * The job's events as they happen (`GET /v1/jobs/{job_id}/events`, Server-Sent Events), starting
   * with its current state and ending after its terminal event; a dropped connection is resumed
   * with `Last-Event-ID`, so no event is repeated or skipped. `for await (const event of ...)`.
   */
  stream(jobId: string, options?: StreamJobOptions): AsyncGenerator<Event, void, undefined>;
  /**
   * Waits until the job is terminal (long-polls, or polls on a server without them), then resolves with it (with its `response` by default). A
   * failed job resolves too: check `status`. Rejects with a `WaitTimeoutError` after `timeoutMs`.
   * Given the job `create` answered (rather than its id), the result keeps its endpoint's typing.
   */
  waitForCompletion<E extends JobEndpoint>(job: JobFor<E>, options?: WaitForCompletionOptions): Promise<JobFor<E>>;
  /** As above, by id: resolves with the terminal {@link Job}. */
  waitForCompletion(jobId: string, options?: WaitForCompletionOptions): Promise<Job>;
  /** {@link JobsResource.create} then {@link JobsResource.waitForCompletion}; the options are shared (`timeoutMs` bounds the wait). */
  createAndWait<E extends JobEndpoint>(
    body: CreateJobBody & { endpoint: E },
    options?: Omit<CreateJobOptions, 'timeoutMs'> & WaitForCompletionOptions,
  ): Promise<JobFor<E>>;
}

/** What the jobs resource needs from its client. */
export interface JobsResourceContext {
  /** The typed openapi-fetch client. */
  api: Client<paths>;
  /** The transport for a call's overrides (`maxRetries`, `timeoutMs`). */
  transportFor(options: RequestOptions | undefined): FetchLike;
  /** Where and how the event stream connects (it bypasses the buffering transport). */
  stream: StreamContext;
}

/** Builds `client.jobs` over an openapi-fetch client. */
export function createJobsResource({ api, transportFor, stream }: JobsResourceContext): JobsResource {
  // The casts to Job / JobList below: openapi-fetch's `Readable<>` drops every property whose type
  // is exactly `null` (Job.request_gcs_paths), so its view of a Job lacks a field the server always
  // sends. The api-types Job is the contract; the data is the same object.
  const init = (options: RequestOptions | undefined) => ({
    signal: options?.signal,
    headers: options?.headers,
    fetch: transportFor(options),
  });

  const jobs: JobsResource = {
    async create<E extends JobEndpoint>(body: CreateJobBody & { endpoint: E }, options?: CreateJobOptions): Promise<JobFor<E>> {
      const header = options?.idempotencyKey === undefined ? undefined : { [IDEMPOTENCY_KEY_HEADER]: options.idempotencyKey };
      // The generated key (when none is given) is added by idempotencyKeyMiddleware, once per call.
      const job = unwrap(await api.POST('/v1/jobs', { ...init(options), body, params: { header } }));
      // The server answers the job it created for `body`, so its endpoint is `E`.
      return job as unknown as JobFor<E>;
    },

    async retrieve(jobId, options) {
      const query = { include_request: options?.includeRequest, include_response: options?.includeResponse, wait: options?.waitSeconds };
      return unwrap(await api.GET('/v1/jobs/{job_id}', { ...init(options), params: { path: { job_id: jobId }, query } })) as Job;
    },

    async list(query = {}, options) {
      const { metadata, ...rest } = query;
      // The server takes the metadata filter as one JSON string (docs/architecture.md, "Wire compatibility"); objects are a convenience.
      const wireQuery = { ...rest, metadata: typeof metadata === 'object' ? JSON.stringify(metadata) : metadata };
      return unwrap(await api.GET('/v1/jobs', { ...init(options), params: { query: wireQuery } })) as JobList;
    },

    iteratePages(query, options) {
      return iteratePages((pageQuery) => jobs.list(pageQuery, options), query);
    },

    iterate(query, options) {
      return iterateItems(jobs.iteratePages(query, options));
    },

    // cancel and retry send `{}`: the official clients do, and some proxies reject a bodyless JSON POST.
    async cancel(jobId, options) {
      return unwrap(await api.POST('/v1/jobs/{job_id}/cancel', { ...init(options), params: { path: { job_id: jobId } }, body: {} })) as Job;
    },

    async retry(jobId, options) {
      return unwrap(await api.POST('/v1/jobs/{job_id}/retry', { ...init(options), params: { path: { job_id: jobId } }, body: {} })) as Job;
    },

    stream(jobId, options) {
      return streamJobEvents(stream, jobId, options);
    },

    // One implementation for both overloads: given a JobFor<E>, the server answers that same job.
    waitForCompletion: ((jobOrId: string | { id: string }, options?: WaitForCompletionOptions): Promise<Job> => {
      const jobId = typeof jobOrId === 'string' ? jobOrId : jobOrId.id;
      return waitForCompletion((id, retrieveOptions) => jobs.retrieve(id, retrieveOptions), jobId, options);
    }) as JobsResource['waitForCompletion'],

    async createAndWait<E extends JobEndpoint>(
      body: CreateJobBody & { endpoint: E },
      options: Omit<CreateJobOptions, 'timeoutMs'> & WaitForCompletionOptions = {},
    ): Promise<JobFor<E>> {
      const { pollIntervalMs, timeoutMs, includeResponse, includeRequest, strategy, ...createOptions } = options;
      const job = await jobs.create<E>(body, createOptions);
      return jobs.waitForCompletion(job, {
        pollIntervalMs,
        timeoutMs,
        includeResponse,
        includeRequest,
        strategy,
        signal: options.signal,
        headers: options.headers,
      });
    },
  };
  return jobs;
}
