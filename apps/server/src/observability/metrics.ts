/**
 * Prometheus metrics (prom-client), one registry per process: an API process counts creates, a
 * worker counts outcomes and durations; a scrape of each process sees its own.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  jobsCreated: Counter<'endpoint'>;
  jobsFinished: Counter<'endpoint' | 'status'>;
  runDuration: Histogram<'endpoint' | 'outcome'>;
  queueDepth: Gauge;
  leaseLosses: Counter;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  sandboxKills: Counter<'cause'>;
  sandboxRestarts: Counter;
}

/** The engine pool's figures at scrape time (undefined when the engine runs in-process). */
export interface EnginePoolFigures {
  size: number;
  live: number;
  busy: number;
  queued: number;
}

export function createMetrics(collectQueueDepth?: () => Promise<number>, enginePool?: () => EnginePoolFigures | undefined): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const poolGauge = (name: string, help: string, field: keyof EnginePoolFigures) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const figures = enginePool?.();
        if (figures) this.set(figures[field]);
      },
    });
  poolGauge('engine_pool_size', 'Engine sandboxes the pool may run (ENGINE_WORKERS).', 'size');
  poolGauge('engine_pool_live', 'Engine sandboxes running now.', 'live');
  poolGauge('engine_pool_busy', 'Engine sandboxes running a call now.', 'busy');
  poolGauge('engine_pool_queue_length', 'Engine calls waiting for a free sandbox.', 'queued');
  return {
    sandboxKills: new Counter({
      name: 'engine_sandbox_kills_total',
      help: 'Engine sandboxes that ended under a call, by cause (cancelled, step_timeout, memory, crashed, out_of_memory).',
      labelNames: ['cause'],
      registers: [registry],
    }),
    sandboxRestarts: new Counter({ name: 'engine_sandbox_restarts_total', help: 'Engine sandboxes started to replace one that ended.', registers: [registry] }),
    registry,
    jobsCreated: new Counter({ name: 'jobs_created_total', help: 'Jobs created, by endpoint.', labelNames: ['endpoint'], registers: [registry] }),
    jobsFinished: new Counter({
      name: 'jobs_finished_total',
      help: 'Jobs that reached a terminal status, by endpoint and status.',
      labelNames: ['endpoint', 'status'],
      registers: [registry],
    }),
    runDuration: new Histogram({
      name: 'job_run_duration_seconds',
      help: 'Duration of job attempts, by endpoint and outcome (completed, failed, retried, discarded).',
      labelNames: ['endpoint', 'outcome'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'jobs_queue_depth',
      help: 'Queued jobs ready to run (read from the store at scrape time).',
      registers: [registry],
      async collect() {
        if (collectQueueDepth) this.set(await collectQueueDepth());
      },
    }),
    leaseLosses: new Counter({
      name: 'job_lease_losses_total',
      help: 'Attempts whose lease was lost (worker died or stalled) and whose job was requeued or failed.',
      registers: [registry],
    }),
    httpRequests: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests, by method, route and status.',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
  };
}
