/**
 * The rules of the five Jobs operations: create (checks, idempotency, offload, dispatch decision),
 * get, list, cancel and retry. HTTP-agnostic: handlers in http/operations call it; it throws
 * ApiProblem for every client-visible refusal.
 */
import type { CreateJobBody, Job, JobWarning, Metadata } from '@jobs-api/api-types';
import type { Logger } from 'pino';
import { dataUrlPieces, offloadDataUrls, planOffload, restoreDataUrls, streamedValue, type StreamedDataUrls } from '../blobs/dataUrls.js';
import type { Config } from '../config.js';
import type { EndpointRegistry } from '../endpoints/types.js';
import { ApiProblem, notFound, unprocessable } from '../errors.js';
import {
  REQUEST_BLOBS,
  type BlobStore,
  type Clock,
  type IdempotencyRefusal,
  type JobIncludes,
  type JobListQuery,
  type JobPage,
  type JobStore,
  type NewJob,
  type StoredJob,
} from '../interfaces.js';
import type { Metrics } from '../observability/metrics.js';
import { activeTraceContext, ATTR, inSpan, messagingAttributes, SpanKind, withActiveJobId, type Span } from '../observability/tracing.js';
import { cursorOf, unknownCursor } from '../store/pagination.js';
import { requestHash } from './canonicalJson.js';
import type { JobEvents } from './events.js';
import { newJobId } from './ids.js';
import { checkEndpointRequest, documentTypeOf, findDocuments } from './requestChecks.js';

/** How long a claimed Idempotency-Key without a job blocks others before a new create may take it over. */
const IDEMPOTENCY_STALE_MS = 60_000;
/** Idempotency keys are kept at least 24 hours (docs/architecture.md, "The API"). */
const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
/** How long a "no live worker" answer is reused (spares a query per create under load). */
const LIVE_WORKER_CACHE_MS = 1000;

export const DISPATCH_DELAYED: JobWarning = Object.freeze({
  code: 'dispatch_delayed',
  message: 'No worker can take the job right now; it will run when capacity frees.',
});

export interface JobServiceDeps {
  store: JobStore;
  blobs: BlobStore;
  config: Config;
  clock: Clock;
  endpoints: EndpointRegistry;
  events: JobEvents;
  isKnownModel(model: string): boolean;
  /** True when a worker runs in this very process (no need to ask the database). */
  hasLocalWorker(): boolean;
  metrics: Metrics;
  logger: Logger;
}

export interface CreatedJob {
  job: Job;
  /** The job was created earlier with the same Idempotency-Key and body. */
  replayed: boolean;
  /** No worker can take it now (answer 202 with the dispatch_delayed warning). */
  delayed: boolean;
}

export class JobService {
  private liveWorkerSeenAt = 0;

  constructor(private readonly deps: JobServiceDeps) {}

  /**
   * Checks and stores a job. Bad input throws before anything is stored; with an Idempotency-Key,
   * concurrent or repeated creates with the same key and body answer the one job.
   */
  create(organizationId: string, body: CreateJobBody, idempotencyKey?: string, streamed?: StreamedDataUrls): Promise<CreatedJob> {
    // The create span (a producer span, messaging conventions): its context is stored with the job
    // and the first attempt's span becomes its child. Without tracing, inSpan runs the create directly.
    return inSpan(
      {
        name: `create ${body.endpoint}`,
        kind: SpanKind.PRODUCER,
        attributes: {
          ...messagingAttributes({ type: 'send', name: 'create', destination: body.endpoint }),
          [ATTR.endpoint]: body.endpoint,
          [ATTR.organizationId]: organizationId,
        },
      },
      (span) => this.createJob(organizationId, body, idempotencyKey, streamed, span),
    );
  }

  private async createJob(
    organizationId: string,
    body: CreateJobBody,
    idempotencyKey: string | undefined,
    streamed: StreamedDataUrls | undefined,
    span: Span | undefined,
  ): Promise<CreatedJob> {
    const { store, config, clock } = this.deps;
    const endpoint = body.endpoint;
    const request = body.request as Record<string, unknown>;
    // A data: URL decoded while the body streamed in stands in `request` as a placeholder; it may
    // stand nowhere else (metadata values are at most 512 characters: it was too long for one).
    for (const [key, value] of Object.entries(body.metadata ?? {})) {
      if (streamedValue(streamed, value)) {
        throw unprocessable('validation_error', `The request body does not fit the schema (/body/metadata/${key} must NOT have more than 512 characters).`, {
          errors: [{ path: `/body/metadata/${key}`, message: 'must NOT have more than 512 characters' }],
        });
      }
    }
    const expand = (value: string) => {
      const decoded = streamedValue(streamed, value);
      return decoded ? dataUrlPieces(decoded) : undefined;
    };
    const definition = this.deps.endpoints[endpoint];
    checkEndpointRequest(endpoint, request, definition, {
      isKnownModel: this.deps.isKnownModel,
      allowHttp: config.fetchAllowHttp,
      allowPrivateNetworks: config.fetchAllowPrivateNetworks,
    });
    await definition.checkReferences?.(request as never, organizationId);
    // Every value to offload is checked before anything is written: a rejected request stores nothing.
    const offload = planOffload(request, config.offloadThresholdBytes, streamed);

    const documents = findDocuments(request);
    const newJob = (stored: Record<string, unknown>, blobs: { blobHashes: string[]; blobPaths: string[] }, delayed: boolean): NewJob => {
      const now = clock.now();
      return {
        id: newJobId(),
        organizationId,
        endpoint,
        request: stored,
        metadata: (body.metadata ?? {}) as Metadata,
        model: typeof request.model === 'string' ? request.model : null,
        filenames: documents.map((d) => d.filename),
        source: typeof request.project_id === 'string' ? 'project' : 'api',
        projectId: typeof request.project_id === 'string' ? request.project_id : null,
        documentType: documents[0] ? documentTypeOf(documents[0]) : null,
        status: 'queued',
        warnings: delayed ? [DISPATCH_DELAYED] : null,
        createdAt: now,
        expiresAt: now + config.ttlMs,
        maxAttempts: config.maxAttempts,
        ...blobs,
        traceContext: span ? activeTraceContext() : null,
      };
    };
    // Names the job on the request's span and in the active context (its logs), then writes it.
    const write = <T>(job: NewJob, insert: () => Promise<T>): Promise<T> => {
      span?.setAttributes({ [ATTR.jobId]: job.id, [ATTR.messagingMessageId]: job.id });
      return withActiveJobId(job.id, insert);
    };
    const claim =
      idempotencyKey === undefined
        ? undefined
        : {
            organizationId,
            key: idempotencyKey,
            requestHash: requestHash({ endpoint, request, metadata: body.metadata ?? {} }, expand),
            now: clock.now(),
            staleAfterMs: IDEMPOTENCY_STALE_MS,
            ttlMs: IDEMPOTENCY_TTL_MS,
          };

    if (claim && offload.length === 0) {
      // Nothing to write between claiming the key and storing the job: one commit does both.
      const delayed = await this.dispatchDelayed(organizationId);
      const job = newJob(request, { blobHashes: [], blobPaths: [] }, delayed);
      const outcome = await write(job, () => store.claimKeyAndInsertJob(job, claim));
      if (outcome.kind !== 'inserted') return this.refusedByKey(organizationId, outcome, span);
      return this.created(outcome.job, request, delayed);
    }

    if (claim) {
      const outcome = await store.claimIdempotencyKey(claim);
      if (outcome.kind !== 'claimed') return this.refusedByKey(organizationId, outcome, span);
    }
    try {
      const { request: stored, blobHashes, blobPaths } = await offloadDataUrls(request, offload, this.deps.blobs);
      const delayed = await this.dispatchDelayed(organizationId);
      const job = newJob(stored, { blobHashes, blobPaths }, delayed);
      return this.created(await write(job, () => store.insertJob(job, idempotencyKey)), request, delayed);
    } catch (error) {
      if (idempotencyKey !== undefined) await store.releaseIdempotencyKey(organizationId, idempotencyKey);
      throw error;
    }
  }

  /** The answer to a create whose Idempotency-Key was taken: a replay of its job, or a refusal. */
  private async refusedByKey(organizationId: string, outcome: IdempotencyRefusal, span: Span | undefined): Promise<CreatedJob> {
    if (outcome.kind === 'mismatch') {
      throw new ApiProblem(422, 'idempotency_key_mismatch', 'This Idempotency-Key was used with a different request body.');
    }
    if (outcome.kind === 'in_use') {
      throw new ApiProblem(409, 'idempotency_key_in_use', 'A request with this Idempotency-Key is still being processed. Retry shortly.');
    }
    span?.setAttributes({ [ATTR.jobId]: outcome.jobId, [ATTR.messagingMessageId]: outcome.jobId, [ATTR.idempotentReplay]: true });
    return { job: await this.get(organizationId, outcome.jobId, { request: true }), replayed: true, delayed: false };
  }

  /** A stored job's answer: it carries the request as submitted (data: URLs included, streamed ones as their placeholders: see answerJson), not the stored form. */
  private created(job: Job, request: Record<string, unknown>, delayed: boolean): CreatedJob {
    this.deps.metrics.jobsCreated.inc({ endpoint: job.endpoint });
    this.deps.events.emit('queued');
    return { job: { ...job, request }, replayed: false, delayed };
  }

  async get(organizationId: string, jobId: string, include: JobIncludes = {}): Promise<Job> {
    const job = await this.deps.store.getJob(organizationId, jobId, include);
    if (!job) throw notFound('job', jobId);
    return include.request ? this.withRestoredRequest(job) : job;
  }

  async list(organizationId: string, query: JobListQuery): Promise<JobPage> {
    // At most one cursor (toPageQuery); jobs are paged by the store's own builder (listJobsSql.ts).
    const cursor = cursorOf(query);
    if (cursor !== undefined && (await this.deps.store.jobSequence(organizationId, cursor)) === undefined) {
      throw unknownCursor(query, 'a job of this organization');
    }
    const page = await this.deps.store.listJobs(organizationId, query);
    if (query.request) page.jobs = await Promise.all(page.jobs.map((j) => this.withRestoredRequest(j)));
    return page;
  }

  async cancel(organizationId: string, jobId: string): Promise<Job> {
    const outcome = await this.deps.store.cancelJob(organizationId, jobId, this.deps.clock.now());
    switch (outcome.kind) {
      case 'cancelled':
        this.deps.metrics.jobsFinished.inc({ endpoint: outcome.job.endpoint, status: 'cancelled' });
        this.deps.events.emit('cancelled', jobId);
        return outcome.job;
      case 'already_cancelled':
        return outcome.job;
      case 'not_cancellable':
        throw new ApiProblem(409, 'job_not_cancellable', `Job ${jobId} is ${outcome.status} and cannot be cancelled.`, {
          status: outcome.status,
        });
      case 'not_found':
        throw notFound('job', jobId);
    }
  }

  async retry(organizationId: string, jobId: string): Promise<Job> {
    const { config, clock } = this.deps;
    const outcome = await this.deps.store.retryJob(organizationId, jobId, clock.now(), { maxAttempts: config.maxAttempts, ttlMs: config.ttlMs });
    switch (outcome.kind) {
      case 'queued':
        this.deps.events.emit('queued');
        return outcome.job;
      case 'not_retryable':
        throw new ApiProblem(409, 'job_not_retryable', `Job ${jobId} is ${outcome.status}; only failed, cancelled or expired jobs can be retried.`, {
          status: outcome.status,
        });
      case 'payload_purged':
        throw new ApiProblem(409, 'job_not_retryable', `Job ${jobId} cannot be retried: its request was already deleted.`, {
          reason: 'payload_purged',
        });
      case 'not_found':
        throw notFound('job', jobId);
    }
  }

  /** Whether a new job of this organization cannot start now: no live worker, or its in-flight limit reached. */
  private async dispatchDelayed(organizationId: string): Promise<boolean> {
    const { store, config } = this.deps;
    if (!(await this.hasLiveWorker())) return true;
    return config.orgMaxInFlight > 0 && (await store.countActiveJobs(organizationId)) >= config.orgMaxInFlight;
  }

  private async hasLiveWorker(): Promise<boolean> {
    if (this.deps.hasLocalWorker()) return true;
    const now = this.deps.clock.now();
    if (now - this.liveWorkerSeenAt < LIVE_WORKER_CACHE_MS) return true;
    const live = await this.deps.store.listLiveWorkers(now - 3 * this.deps.config.heartbeatIntervalMs);
    if (live.length > 0) this.liveWorkerSeenAt = now;
    return live.length > 0;
  }

  /**
   * The job with its request as submitted. A document whose blob is gone is answered as null with a
   * `request_document_missing` warning naming it: one lost blob never fails a read (or a whole list).
   */
  private async withRestoredRequest(stored: StoredJob): Promise<Job> {
    const { [REQUEST_BLOBS]: positions, ...job } = stored;
    if (!job.request) return job;
    const { request, missing } = await restoreDataUrls(job.request, positions, this.deps.blobs);
    if (missing.length === 0) return { ...job, request };
    this.deps.logger.error({ job_id: job.id, missing }, 'blobs of a stored request are missing from the blob store');
    const warnings = missing.map((pointer) => ({
      code: 'request_document_missing',
      message: `The stored bytes of request${pointer} are missing; it is answered as null.`,
    }));
    return { ...job, request, warnings: [...(job.warnings ?? []), ...warnings] };
  }
}
