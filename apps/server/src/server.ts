/**
 * The composition root: builds the store, blob store, document engine, endpoints, service, HTTP app
 * and worker from a Config, and starts what the mode asks for:
 *   serve  HTTP API + worker in one process (the embedded default)
 *   api    HTTP API only (scaled out: workers run elsewhere)
 *   worker worker only (no HTTP)
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createGuardedFetch, type DocumentEngine, type FormEngine } from '@jobs-api/documents/api';
import type pg from 'pg';
import type { Logger } from 'pino';
import { createApiKeyVerifier, generateApiKey, storeApiKey } from './auth/apiKeys.js';
import { createFsBlobStore } from './blobs/fs.js';
import { systemClock } from './clock.js';
import { createPostgresBlobStore } from './blobs/postgres.js';
import { loadConfig, type Config } from './config.js';
import { createEndpointRegistry, type EndpointDeps } from './endpoints/registry.js';
import type { DocumentTools, EndpointRegistry } from './endpoints/types.js';
import { createApp } from './http/app.js';
import type { BlobStore, Clock, JobStore } from './interfaces.js';
import { withChangeSignals } from './jobs/changeSignals.js';
import { JobEvents } from './jobs/events.js';
import { JobService } from './jobs/service.js';
import { createLogger } from './observability/logger.js';
import { createMetrics } from './observability/metrics.js';
import { tracingEnabled } from './observability/tracing.js';
import { openPersistence, type PersistenceOptions } from './store/persistence.js';
import { createPool } from './store/postgres/db.js';
import { createSandboxedEngines } from './sandbox/engine.js';
import { createEnginePool, type EnginePool } from './sandbox/pool.js';
import { createDeliveryWorker, type DeliveryWorker } from './webhooks/deliveryWorker.js';
import { createWorker, type Worker } from './worker/worker.js';

export type ServerMode = 'serve' | 'api' | 'worker';

export interface ServerOptions extends Partial<Config> {
  mode?: ServerMode;
  /** Shorthand for `bootstrapApiKey`: a key registered for the default organization. */
  apiKey?: string;
  /** Base configuration (default: read from process.env); the other options override it. */
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  /**
   * Replace some endpoint handlers (tests and the chaos suite run slow or failing handlers). A
   * function is given the real handlers and their dependencies (the sandboxed engine among them),
   * so a replacement can wrap the real one.
   */
  endpointOverrides?: Partial<EndpointRegistry> | ((real: EndpointRegistry, deps: EndpointDeps) => Partial<EndpointRegistry>);
  /** Validate every answer against the spec (tests). */
  validateResponses?: boolean;
  /** With no key at all in the store, create one and answer it (the CLI prints it once). */
  createFirstKey?: boolean;
  logger?: Logger;
}

export interface RunningServer {
  config: Config;
  /** `http://host:port` when the mode serves HTTP. */
  url: string | undefined;
  port: number | undefined;
  store: JobStore;
  blobs: BlobStore;
  service: JobService | undefined;
  worker: Worker | undefined;
  /** The webhook delivery loop (in every process that runs a worker). */
  deliveries: DeliveryWorker | undefined;
  events: JobEvents;
  /** The key created because none existed (createFirstKey). */
  firstApiKey: string | undefined;
  /** Graceful stop: no new requests or claims, running attempts finish or are released, then close. */
  close(graceMs?: number): Promise<void>;
}

export { systemClock };

/**
 * The job store alone, on a database handle of its own (the CLI's `migrate` and `keys`, tools):
 * PostgreSQL when `databaseUrl` is set, else SQLite in `dataDir`. A server opens its persistence
 * once instead (store/persistence.ts) and builds every store on it.
 */
export async function createStore(config: Config, options: PersistenceOptions = {}): Promise<JobStore> {
  return openPersistence(config, options).jobs;
}

/**
 * Where offloaded documents go. Scaled out, every process must reach every blob: S3 when
 * `blobUrl` is set (`s3://bucket/prefix`), else the `blobs` table of the PostgreSQL database
 * (on `shared.pool`, the persistence's pool, when given; else on a small pool of its own).
 * Embedded: files in `dataDir`.
 */
export async function createBlobStore(config: Config, shared: { pool?: pg.Pool; clock?: Clock } = {}): Promise<BlobStore> {
  const clock = shared.clock ?? systemClock;
  if (config.blobUrl) {
    // Loaded only when used: the AWS SDK adds start-up time every other process would pay for nothing.
    const [{ createS3BlobStore }, { parseS3Url }] = await Promise.all([import('./blobs/s3.js'), import('./blobs/s3Url.js')]);
    return createS3BlobStore(parseS3Url(config.blobUrl), config.s3, clock);
  }
  if (config.databaseUrl) {
    if (shared.pool) return createPostgresBlobStore(shared.pool, { clock });
    const pool = createPool({ url: config.databaseUrl, applicationName: 'jobs-api blobs', max: Math.min(4, config.databasePoolMax) });
    return createPostgresBlobStore(pool, { ownsPool: true, clock });
  }
  return createFsBlobStore(join(config.dataDir, 'blobs'), clock);
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const { mode = 'serve', apiKey, env, clock = systemClock, endpointOverrides, validateResponses, createFirstKey, logger: givenLogger, ...overrides } = options;
  const config: Config = { ...loadConfig(env ?? process.env), ...definedOnly(overrides) };
  if (apiKey) config.bootstrapApiKey = apiKey;
  const logger = givenLogger ?? createLogger(config.logLevel, { mode });

  const events = new JobEvents();
  // One database handle for the process; every store is built on it.
  const persistence = openPersistence(config, {
    applicationName: `jobs-api ${mode} ${process.pid}`,
    onConnectionError: (error) => logger.warn({ err: error }, 'a database connection was lost; the next query reconnects'),
  });
  // Every status change the store commits is also announced in this process (streams, long-polls,
  // webhook fan-out wake at once).
  const store = withChangeSignals(persistence.jobs, events);
  await persistence.migrate();
  const { templates, projects } = persistence;
  const blobs = await createBlobStore(config, { pool: persistence.pool, clock });
  let enginePool: EnginePool | undefined;
  const metrics = createMetrics(
    () => store.queueDepth(clock.now()),
    () => enginePool?.stats(),
  );
  const { engine, forms, documentTools, closeEngine } = await createEngine(config, blobs, logger, metrics, (pool) => (enginePool = pool));
  const endpointDeps: EndpointDeps = { engine, forms, documentTools, config, clock, store, blobs, templates, projects };
  const realEndpoints = createEndpointRegistry(endpointDeps);
  const endpoints: EndpointRegistry = {
    ...realEndpoints,
    ...(typeof endpointOverrides === 'function' ? endpointOverrides(realEndpoints, endpointDeps) : endpointOverrides),
  };

  let firstApiKey: string | undefined;
  if (config.bootstrapApiKey) await storeApiKey(store, config.bootstrapApiKey, config.defaultOrganizationId, clock.now(), 'JOBS_API_KEY');
  else if (createFirstKey && !(await store.hasApiKeys())) {
    firstApiKey = generateApiKey();
    await storeApiKey(store, firstApiKey, config.defaultOrganizationId, clock.now(), 'first start');
  }

  const worker = mode === 'api' ? undefined : createWorker({ store, blobs, endpoints, config, clock, events, metrics, logger });
  // Webhook URLs go through the same guarded fetcher as document URLs (checked when registered,
  // and again at every delivery and redirect); only the limits differ.
  const webhookFetch = createGuardedFetch({
    allowHttp: config.fetchAllowHttp,
    allowPrivateNetworks: config.fetchAllowPrivateNetworks,
    allowedAddresses: config.webhookAllowedAddresses,
    timeoutMs: config.webhookTimeoutMs,
    // Receivers answer with a status; their bodies are not read beyond this.
    maxBytes: 1024 * 1024,
  });
  const deliveries = worker ? createDeliveryWorker({ store, config, clock, events, logger, fetch: webhookFetch, workerId: worker.id }) : undefined;
  let service: JobService | undefined;
  let http: Server | undefined;
  if (mode !== 'worker') {
    service = new JobService({
      store,
      blobs,
      config,
      clock,
      endpoints,
      events,
      metrics,
      logger,
      isKnownModel: (m) => engine.isKnownModel(m),
      hasLocalWorker: () => worker !== undefined,
    });
    const { app, compileValidators } = createApp({
      config,
      clock,
      store,
      blobs,
      service,
      endpoints,
      isKnownModel: (m) => engine.isKnownModel(m),
      engine,
      forms,
      templates,
      projects,
      verifier: createApiKeyVerifier(store, clock),
      events,
      checkWebhookUrl: (url) => webhookFetch.check(url),
      metrics,
      logger,
      validateResponses,
      engineFigures: () => enginePool?.stats(),
    });
    await compileValidators();
    // Headers within min(60 s, the request timeout), the whole request within the request timeout;
    // the expiry check runs often enough for a short timeout to hold (Node's default: every 30 s).
    const requestTimeout = config.requestTimeoutMs;
    http = createHttpServer(
      {
        requestTimeout,
        headersTimeout: Math.min(60_000, requestTimeout),
        connectionsCheckingInterval: Math.max(250, Math.min(30_000, Math.floor(requestTimeout / 4))),
        // What a request's stream buffers before TCP holds the rest back: each large body waiting at
        // the body gate holds up to this much. Node 22 raised the default from 16 to 64 KiB; 16 KiB
        // took 1,000 concurrent 5 MB creates from 484 to 426 MiB peak RSS (test/bench/README.md).
        highWaterMark: 16 * 1024,
      },
      app,
    );
    await new Promise<void>((resolve, reject) => {
      http!.once('error', reject);
      http!.listen(config.port, config.host, () => resolve());
    });
  }
  // Cross-process events: a worker hears at once about jobs queued or cancelled by any process
  // sharing the database (PostgreSQL LISTEN/NOTIFY), not only by this one's service, and streams,
  // long-polls and the webhook fan-out hear about every job change. Polling and lease renewal stay
  // the fallback.
  const unwatch = store.watch
    ? await store.watch({
        queued: () => events.emit('queued'),
        cancelled: (jobId) => events.emit('cancelled', jobId),
        jobEvent: (jobId) => events.emit('changed', jobId),
      })
    : undefined;
  // A dedicated worker starts its sandboxes before it claims a job: otherwise its first jobs hold
  // their leases while the sandboxes load the engine (~0.9 s of CPU each), and a replacement worker
  // in a scaled-out deployment is not useful when it says it started. `serve` starts them on first
  // use: one machine, and no start-up cost for a server that answers only API calls.
  if (mode === 'worker') await enginePool?.prestart();
  await worker?.start();
  deliveries?.start();

  const port = http ? (http.address() as AddressInfo).port : undefined;
  const url = port === undefined ? undefined : `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  logger.info({ url, mode, database: store.engine, data_dir: config.dataDir }, 'jobs-api started');

  let closing: Promise<void> | undefined;
  return {
    config,
    url,
    port,
    store,
    blobs,
    service,
    worker,
    deliveries,
    events,
    firstApiKey,
    close(graceMs?: number) {
      closing ??= (async () => {
        if (http) {
          const server = http;
          await new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeIdleConnections();
          });
        }
        await worker?.stop(graceMs);
        await deliveries?.stop();
        await unwatch?.();
        await closeEngine();
        await blobs.close?.();
        await persistence.close();
      })();
      return closing;
    },
  };
}

/**
 * The document engine and the server's one form engine: sandboxed (the default) — every call runs
 * in the pool of child processes — or in this process
 * (`ENGINE_SANDBOX=off`, kept only for the benchmark that compares the two).
 */
async function createEngine(
  config: Config,
  blobs: BlobStore,
  logger: Logger,
  metrics: ReturnType<typeof createMetrics>,
  started: (pool: EnginePool) => void,
): Promise<{ engine: DocumentEngine; forms: FormEngine; documentTools: DocumentTools; closeEngine(): Promise<void> }> {
  const settings = config.engine;
  const fetch = { allowHttp: config.fetchAllowHttp, allowPrivateNetworks: config.fetchAllowPrivateNetworks };
  if (!settings.sandboxed) {
    // Loaded only in this mode: the parsers are what the sandboxes keep out of this process.
    const documents = await import('@jobs-api/documents');
    documents.configureDocumentLimits(settings.limits);
    const engine = documents.createDocumentEngine({ modelMap: config.modelMap, fetch });
    const forms = documents.createFormEngine({ modelMap: config.modelMap, fetch });
    const documentTools: DocumentTools = { selectPdfPages: (bytes, pages) => documents.selectPdfPages(bytes, pages) };
    return { engine, forms, documentTools, closeEngine: () => engine.close() };
  }
  const pool = createEnginePool({
    size: settings.workers,
    heapMb: settings.heapMb,
    rssLimitMb: settings.memoryMb,
    stepTimeoutMs: settings.stepTimeoutMs,
    init: {
      modelMap: config.modelMap,
      fetchAllowHttp: config.fetchAllowHttp,
      fetchAllowPrivateNetworks: config.fetchAllowPrivateNetworks,
      limits: settings.limits,
      ocrWorkers: settings.ocrWorkers,
      nice: settings.nice,
      faultDir: settings.testFaultDir,
      tracing: tracingEnabled(),
    },
    logger: logger.child({ component: 'engine-pool' }),
    onKill: (cause) => metrics.sandboxKills.inc({ cause }),
    onRestart: () => metrics.sandboxRestarts.inc(),
  });
  started(pool);
  const sandboxed = createSandboxedEngines(pool, config.modelMap, blobs);
  return {
    engine: sandboxed.engine,
    forms: sandboxed.forms,
    documentTools: sandboxed.documentTools,
    async closeEngine() {
      await pool.close();
      await sandboxed.close();
    },
  };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
