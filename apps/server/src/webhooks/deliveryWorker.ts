/**
 * The webhook delivery loop, run by every worker process beside the job worker: it fans new events
 * out into deliveries (one per subscribed endpoint), claims due deliveries with a lease, makes one
 * attempt each (at most `webhookConcurrency` at once) and records the outcome fenced by the lease.
 * Any number of processes may run it: the store's claims never hand one delivery to two of them,
 * and the lease (attempt timeout + a margin) outlives any attempt, so one event is never sent to one
 * endpoint twice at once. A process killed mid-attempt loses its lease; another one retries, with
 * the same `webhook-id`.
 *
 * Wake-ups: a `changed` event (a job of this process changed: a new event to fan out) runs a pass at
 * once; a poll every `pollIntervalMs` is the fallback, and what brings retries that became due.
 */
import type { GuardedFetch } from '@jobs-api/documents/api';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Clock, DeliveryStore } from '../interfaces.js';
import type { JobEvents } from '../jobs/events.js';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { ATTR, deserializeContext, inSpan, messagingAttributes, spanFailed, SpanKind, tracingEnabled } from '../observability/tracing.js';
import { deliver } from './deliver.js';

export interface DeliveryWorkerDeps {
  store: DeliveryStore;
  config: Pick<Config, 'webhookRetryDelaysMs' | 'webhookTimeoutMs' | 'webhookDisableAfterMs' | 'webhookConcurrency' | 'pollIntervalMs'>;
  clock: Clock;
  events: JobEvents;
  logger: Logger;
  /** The guarded fetcher for webhook URLs (timeout = the attempt timeout). */
  fetch: GuardedFetch;
  /** Names this process's leases (the job worker's id). */
  workerId: string;
}

export interface DeliveryWorker {
  start(): void;
  /** Stops claiming and waits for the attempts in flight (each bounded by the attempt timeout). */
  stop(): Promise<void>;
  /** One pass: fan out, claim, attempt; resolves when the attempts it started have been recorded (tests). */
  runOnce(): Promise<void>;
}

/**
 * A pass triggered by a job change waits this long after the previous pass ended: under load every
 * status change of every job signals (three per job), and a pass per signal would spend the
 * database on fan-out queries that find one event each. 100 ms of added latency batches them.
 */
const MIN_PASS_GAP_MS = 100;
/** Events fanned out per transaction. */
const FAN_OUT_BATCH = 200;
/**
 * Margin of a delivery lease beyond the attempt timeout: recording the outcome (milliseconds) must
 * fit in it. The attempt timeout itself, at most 15 s: 30 s leases by default, and a delivery cut by
 * a killed process is retried after at most that.
 */
const leaseMarginMs = (timeoutMs: number) => Math.min(timeoutMs, 15_000);

export function createDeliveryWorker(deps: DeliveryWorkerDeps): DeliveryWorker {
  const { store, config, clock, events, logger } = deps;
  const log = logger.child({ component: 'webhooks' });
  const policy = { delaysMs: config.webhookRetryDelaysMs, disableAfterMs: config.webhookDisableAfterMs };
  const inFlight = new Set<Promise<void>>();
  let stopped = true;
  let pass: Promise<void> | undefined;
  let passAgain = false;
  let timer: NodeJS.Timeout | undefined;
  let lastPassEndedAt = 0;
  let triggered: NodeJS.Timeout | undefined;

  type Claim = Awaited<ReturnType<DeliveryStore['claimDeliveries']>>[number];

  /**
   * One delivery attempt; with tracing on, a producer span of its own trace, linked to the job's
   * (a delivery may come days after the create, and an event is not part of the request that
   * caused it). The outgoing request is its child (HTTP instrumentation).
   */
  function attempt(claim: Claim): Promise<void> {
    if (!tracingEnabled()) return attemptOnce(claim);
    const jobSpan = trace.getSpanContext(deserializeContext(claim.traceContext));
    return inSpan(
      {
        name: 'deliver webhooks',
        kind: SpanKind.PRODUCER,
        parent: ROOT_CONTEXT,
        links: jobSpan ? [{ context: jobSpan, attributes: { [ATTR.jobId]: claim.event.data.id } }] : [],
        jobId: claim.event.data.id,
        attributes: {
          ...messagingAttributes({ type: 'send', name: 'deliver', destination: 'webhooks', messageId: claim.event.id }),
          'jobs_api.event.type': claim.event.type,
          'jobs_api.webhook.endpoint_id': claim.endpointId,
          'jobs_api.webhook.attempt': claim.attempt,
        },
      },
      (span) =>
        attemptOnce(claim, (outcome) => {
          if (!span) return;
          if (outcome.statusCode !== null) span.setAttribute('http.response.status_code', outcome.statusCode);
          if (!outcome.succeeded) spanFailed(span, outcome.error ?? 'failed');
        }),
    );
  }

  async function attemptOnce(claim: Claim, traced?: (outcome: Awaited<ReturnType<typeof deliver>>) => void): Promise<void> {
    const outcome = await deliver(claim, { fetch: deps.fetch, now: () => clock.now(), policy });
    traced?.(outcome);
    const recorded = await store.recordDeliveryAttempt(claim, outcome, clock.now());
    log.info(
      {
        event_id: claim.event.id,
        webhook_endpoint_id: claim.endpointId,
        attempt: claim.attempt,
        status_code: outcome.statusCode,
        error: outcome.error,
        recorded,
      },
      outcome.succeeded ? 'webhook delivered' : 'webhook attempt failed',
    );
  }

  async function onePass(): Promise<void> {
    while ((await store.fanOutEvents(FAN_OUT_BATCH, clock.now())) === FAN_OUT_BATCH && !stopped);
    const free = config.webhookConcurrency - inFlight.size;
    if (free <= 0 || stopped) return;
    const claims = await store.claimDeliveries({
      workerId: deps.workerId,
      limit: free,
      now: clock.now(),
      leaseMs: config.webhookTimeoutMs + leaseMarginMs(config.webhookTimeoutMs),
    });
    for (const claim of claims) {
      const running: Promise<void> = attempt(claim)
        .catch((error: unknown) => log.error({ err: error, event_id: claim.event.id }, 'recording a webhook attempt failed'))
        .finally(() => {
          inFlight.delete(running);
          // A slot freed: more may be due (batched like a change signal).
          onChanged();
        });
      inFlight.add(running);
    }
  }

  /** Passes are serialised; a trigger during one runs another right after it. */
  function runSoon(): Promise<void> {
    if (pass) {
      passAgain = true;
      return pass;
    }
    pass = onePass()
      .catch((error: unknown) => log.warn({ err: error }, 'webhook pass failed; the next poll retries'))
      .finally(() => {
        pass = undefined;
        // A pacing gap between passes, not a time the domain sees: monotonic time.
        lastPassEndedAt = performance.now();
        if (passAgain && !stopped) {
          passAgain = false;
          void runSoon();
        }
      });
    return pass;
  }

  const onChanged = () => {
    if (stopped || triggered) return;
    const wait = Math.max(0, lastPassEndedAt + MIN_PASS_GAP_MS - performance.now());
    triggered = setTimeout(() => {
      triggered = undefined;
      if (!stopped) void runSoon();
    }, wait);
  };

  function schedule(): void {
    timer = setTimeout(() => {
      void runSoon().finally(() => {
        if (!stopped) schedule();
      });
    }, config.pollIntervalMs);
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      events.on('changed', onChanged);
      schedule();
      void runSoon();
    },
    async stop() {
      stopped = true;
      events.off('changed', onChanged);
      if (timer) clearTimeout(timer);
      if (triggered) clearTimeout(triggered);
      await pass;
      await Promise.all([...inFlight]);
    },
    async runOnce() {
      const wasStopped = stopped;
      stopped = false;
      try {
        await onePass();
        await Promise.all([...inFlight]);
      } finally {
        stopped = wasStopped;
      }
    },
  };
}
