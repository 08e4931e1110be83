/**
 * One attempt of one job: run the endpoint's handler under an AbortSignal and record the outcome
 * through the lease-fenced store writes. 2xx → completed; a non-retryable error (a 4xx: the input is
 * wrong) → failed at once; a retryable one (5xx, timeout, provider 429, a crash) → back to the queue
 * after backoff while attempts are left, then failed.
 */
import type { Logger } from 'pino';
import { readBlobRef } from '../blobs/dataUrls.js';
import type { Config } from '../config.js';
import type { EndpointRegistry } from '../endpoints/types.js';
import { asApiProblem, isAbortError, type CataloguedJobError } from '../errors.js';
import type { AttemptStore, BlobStore, ClaimedJob, Clock } from '../interfaces.js';
import type { Metrics } from '../observability/metrics.js';
import { activeSpanFailed, ATTR, deserializeContext, inSpan, messagingAttributes, SpanKind, tracingEnabled } from '../observability/tracing.js';
import { SandboxLostError } from '../sandbox/errors.js';
import { ROOT_CONTEXT, trace, type Link } from '@opentelemetry/api';
import { backoffDelay } from './backoff.js';

/** Why a running attempt was aborted; only a timeout is recorded (the others are someone else's write). */
export type AbortCause = 'cancelled' | 'lease_lost' | 'timeout' | 'shutdown';

export class AttemptAborted extends Error {
  override name = 'AbortError';
  constructor(readonly kind: AbortCause) {
    super(`attempt aborted: ${kind}`);
  }
}

export interface AttemptDeps {
  store: AttemptStore;
  blobs: BlobStore;
  endpoints: EndpointRegistry;
  config: Config;
  clock: Clock;
  metrics: Metrics;
  logger: Logger;
  random?: () => number;
}

export type AttemptOutcome = 'completed' | 'failed' | 'retried' | 'discarded' | 'released';

/**
 * Runs one attempt; with tracing on, as a consumer span. The first attempt's span is a child of
 * the create span (the context stored with the job); a later attempt (after a failure and its
 * backoff, a lost worker or a retry) starts a trace of its own with a link to the create span, so
 * one trace does not stretch over hours of backoff, and each attempt stays one click from the create.
 */
export function runAttempt(deps: AttemptDeps, job: ClaimedJob, controller: AbortController): Promise<AttemptOutcome> {
  if (!tracingEnabled()) return attempt(deps, job, controller);
  const created = deserializeContext(job.traceContext);
  const createSpan = trace.getSpanContext(created);
  const first = job.attempt === 1;
  const links: Link[] = !first && createSpan ? [{ context: createSpan, attributes: { [ATTR.jobId]: job.jobId } }] : [];
  return inSpan(
    {
      name: `process ${job.endpoint}`,
      kind: SpanKind.CONSUMER,
      parent: first ? created : ROOT_CONTEXT,
      links,
      jobId: job.jobId,
      attributes: {
        ...messagingAttributes({ type: 'process', name: 'process', destination: job.endpoint, messageId: job.jobId }),
        [ATTR.endpoint]: job.endpoint,
        [ATTR.organizationId]: job.organizationId,
        [ATTR.attempt]: job.attempt,
        [ATTR.workerId]: job.workerId,
      },
    },
    async (span) => {
      const outcome = await attempt(deps, job, controller);
      span?.setAttribute(ATTR.outcome, outcome);
      return outcome;
    },
  );
}

async function attempt(deps: AttemptDeps, job: ClaimedJob, controller: AbortController): Promise<AttemptOutcome> {
  const { store, config, clock, metrics } = deps;
  const logger = deps.logger.child({ job_id: job.jobId, attempt: job.attempt, endpoint: job.endpoint });
  const startedAt = performance.now();
  const timeout = setTimeout(() => controller.abort(new AttemptAborted('timeout')), config.attemptTimeoutMs);
  const record = (outcome: AttemptOutcome) => {
    metrics.runDuration.observe({ endpoint: job.endpoint, outcome }, (performance.now() - startedAt) / 1000);
    if (outcome === 'completed' || outcome === 'failed') metrics.jobsFinished.inc({ endpoint: job.endpoint, status: outcome });
    return outcome;
  };
  try {
    const body = await deps.endpoints[job.endpoint].handle(job.request as never, {
      signal: controller.signal,
      organizationId: job.organizationId,
      jobId: job.jobId,
      resolveDocument: (url) => readBlobRef(deps.blobs, url),
      logger,
    });
    if (controller.signal.aborted) return record(await onAbort(deps, job, controller, logger));
    const recorded = await store.completeJob(job, { status_code: 200, body: body as unknown as Record<string, unknown> }, clock.now());
    if (!recorded) logger.info('result discarded: the job was cancelled, expired or taken over while it ran');
    return record(recorded ? 'completed' : 'discarded');
  } catch (error) {
    if (controller.signal.aborted && (isAbortError(error) || error === controller.signal.reason)) {
      return record(await onAbort(deps, job, controller, logger));
    }
    if (error instanceof SandboxLostError) return record(await onSandboxLost(deps, job, error, logger));
    const problem = asApiProblem(error);
    if (!problem) logger.error({ err: error }, 'handler failed unexpectedly');
    const jobError: CataloguedJobError = problem
      ? { code: problem.code, message: problem.message, details: { ...problem.details, status_code: problem.status } }
      : { code: 'internal_error', message: 'The handler failed unexpectedly.', details: { status_code: 500 } };
    const retryable = problem ? problem.retryable : true;
    return record(await recordFailure(deps, job, jobError, retryable, logger));
  } finally {
    clearTimeout(timeout);
  }
}

async function onAbort(deps: AttemptDeps, job: ClaimedJob, controller: AbortController, logger: Logger): Promise<AttemptOutcome> {
  const cause = controller.signal.reason instanceof AttemptAborted ? controller.signal.reason.kind : 'cancelled';
  if (cause === 'timeout') {
    const error: CataloguedJobError = { code: 'attempt_timeout', message: `The attempt ran longer than ${deps.config.attemptTimeoutMs / 1000} s.` };
    return recordFailure(deps, job, error, true, logger);
  }
  if (cause === 'shutdown') {
    // Released, not failed: the attempt is refunded and the job runs again at once elsewhere.
    const error: CataloguedJobError = { code: 'worker_shutdown', message: 'The worker shut down before the attempt finished.' };
    activeSpanFailed(error.code, error.message);
    const released = await deps.store.failJob(job, { error, retryAt: deps.clock.now(), refundAttempt: true }, deps.clock.now());
    logger.info({ released }, 'attempt released on shutdown');
    return released ? 'released' : 'discarded';
  }
  activeSpanFailed(cause === 'lease_lost' ? 'lease_lost' : 'cancelled');
  logger.info({ cause }, 'attempt aborted; nothing recorded');
  return 'discarded';
}

/** The code of an attempt whose sandbox died under it: retried once, since a crash may be transient. */
export const SANDBOX_LOST = 'sandbox_lost';

/**
 * The sandbox running the attempt died or was killed for a limit. The first time, the attempt
 * fails retryably (`sandbox_lost`); when the previous attempt ended the same way the document is
 * the likely cause, and the job fails with `resource_exhausted` — a poison job never takes a
 * sandbox down a third time.
 */
async function onSandboxLost(deps: AttemptDeps, job: ClaimedJob, error: SandboxLostError, logger: Logger): Promise<AttemptOutcome> {
  logger.warn({ cause: error.killCause, previous: job.lastFailureCode }, 'the engine sandbox was lost under the attempt');
  if (job.lastFailureCode !== SANDBOX_LOST && job.attempt < job.maxAttempts) {
    const lost: CataloguedJobError = { code: SANDBOX_LOST, message: error.message, details: { cause: error.killCause, status_code: 503 } };
    return recordFailure(deps, job, lost, true, logger);
  }
  const exhausted: CataloguedJobError = {
    code: error.code,
    message: error.message,
    details: { ...error.details, status_code: error.status, attempts: job.attempt },
  };
  return recordFailure(deps, job, exhausted, false, logger);
}

async function recordFailure(deps: AttemptDeps, job: ClaimedJob, error: CataloguedJobError, retryable: boolean, logger: Logger): Promise<AttemptOutcome> {
  const { store, config, clock } = deps;
  activeSpanFailed(error.code, error.message);
  const now = clock.now();
  if (retryable && job.attempt < job.maxAttempts) {
    const retryAt = now + backoffDelay(job.attempt, config.backoffBaseMs, config.backoffMaxMs, deps.random);
    const recorded = await store.failJob(job, { error, retryAt }, now);
    logger.warn({ code: error.code, retry_in_ms: retryAt - now, recorded }, 'attempt failed; retrying after backoff');
    return recorded ? 'retried' : 'discarded';
  }
  const final: CataloguedJobError = retryable ? { ...error, details: { ...error.details, attempts: job.attempt } } : error;
  const recorded = await store.failJob(job, { error: final }, now);
  logger.info({ code: error.code, recorded }, 'job failed');
  return recorded ? 'failed' : 'discarded';
}
