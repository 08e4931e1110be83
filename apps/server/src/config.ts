/**
 * Configuration from the environment (docs/architecture.md, "Configuration"). Every value has a default that works on one
 * machine; `loadConfig(env)` is pure so tests build configs without touching process.env.
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { DEFAULT_DOCUMENT_LIMITS, type DocumentLimits } from '@jobs-api/documents/api';
import { parseS3Url } from './blobs/s3Url.js';

export interface ModelRoute {
  /** Base URL of an OpenAI-compatible chat-completions server (e.g. https://api.openai.com/v1). */
  baseUrl: string;
  apiKey?: string;
  /** The model name to send upstream. */
  model: string;
}

/** The S3 client for `BLOB_URL=s3://bucket/prefix` (AWS S3 or any S3-compatible server). */
export interface S3Settings {
  /** `S3_ENDPOINT`: an S3-compatible server (MinIO, Ceph, R2, …); unset → AWS S3 in `region`. */
  endpoint: string | undefined;
  /** `S3_REGION` (else `AWS_REGION`, else us-east-1). */
  region: string;
  /** `S3_ACCESS_KEY_ID` / `S3_SECRET_ACCESS_KEY`, both or neither; neither → the AWS SDK's default chain (AWS_* variables, profile, instance role). */
  accessKeyId: string | undefined;
  secretAccessKey: string | undefined;
  /** `S3_FORCE_PATH_STYLE`: bucket in the path, not the host name (most S3-compatible servers need it). Default: on when S3_ENDPOINT is set. */
  forcePathStyle: boolean;
}

/**
 * The engine sandbox pool (sandbox/pool.ts) and the document limits (README, "Limits"). Defaults
 * keep a 2-core, 4 GB machine alive: two sandboxes capped at 1 GB resident each (a tesseract worker
 * is ~300 MB, a 40 Mpx image 160 MB decoded) leave room for the server and the database.
 */
export interface EngineSettings {
  /** `ENGINE_SANDBOX`: `on` (default) runs the engine in sandboxes; `off` runs it in this process — for the latency benchmark's comparison only. */
  sandboxed: boolean;
  /** `ENGINE_WORKERS`: sandboxes at most (default: the number of cores). */
  workers: number;
  /** `ENGINE_HEAP_MB`: V8 heap cap of a sandbox (default 512). */
  heapMb: number;
  /** `ENGINE_MEMORY_MB`: resident memory cap of a sandbox, enforced by a watchdog (default 1024). */
  memoryMb: number;
  /** `ENGINE_STEP_TIMEOUT_SECONDS`: one engine call's CPU deadline (default 300). */
  stepTimeoutMs: number;
  /** `ENGINE_OCR_WORKERS`: tesseract workers per sandbox (default 1). */
  ocrWorkers: number;
  /** `ENGINE_NICE`: CPU niceness of sandboxes, so HTTP answers first (default 10). */
  nice: number;
  limits: DocumentLimits;
  /** `ENGINE_TEST_FAULT_DIR`: test-only fault injection (sandbox/faults.ts). Never set in production. */
  testFaultDir: string | undefined;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** postgres://... to scale out; unset → SQLite at `${dataDir}/jobs.sqlite`. */
  databaseUrl: string | undefined;
  /** Connections per process to DATABASE_URL (`DATABASE_POOL_MAX`, default 10); a worker also holds one more for LISTEN. */
  databasePoolMax: number;
  /** s3://bucket/prefix for blobs when scaled out (defaults to a PostgreSQL table there). */
  blobUrl: string | undefined;
  /** Used when `blobUrl` is set. */
  s3: S3Settings;
  /** A key registered for the default organization at start-up. */
  bootstrapApiKey: string | undefined;
  defaultOrganizationId: string;
  workerConcurrency: number;
  maxAttempts: number;
  ttlMs: number;
  /** How long an expired job's payload is kept after expires_at, so it can still be retried. */
  payloadGraceMs: number;
  /** How long job records stay listable after expires_at. */
  retentionMs: number;
  logLevel: string;
  /** JSON body limit; larger bodies get 413. Large documents should be sent as https:// URLs. */
  bodyLimitBytes: number;
  /**
   * A request (headers and body) must arrive within this long, or the connection is answered 408
   * and closed: a client trickling its body at 1 byte/s held a socket for 10 minutes before.
   */
  requestTimeoutMs: number;
  /** Inline data: URLs above this size are moved to the blob store before the job is stored. */
  offloadThresholdBytes: number;
  leaseMs: number;
  /** How often the worker looks for jobs when nothing woke it up. */
  pollIntervalMs: number;
  /** How often expired leases, expiry and payload purge are swept. */
  maintenanceIntervalMs: number;
  heartbeatIntervalMs: number;
  /** Max running jobs per organization (0 = unlimited); beyond it create answers 202 dispatch_delayed. */
  orgMaxInFlight: number;
  /** Requests per second per organization (0 = unlimited); beyond it 429 with Retry-After. */
  rateLimitPerSecond: number;
  /** An attempt running longer than this is aborted and retried. */
  attemptTimeoutMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** How long a worker waits for running jobs on SIGTERM before releasing them. */
  shutdownGraceMs: number;
  modelMap: Record<string, ModelRoute>;
  /** Remote document fetches: allow plain http:// and private addresses (tests, closed networks). */
  fetchAllowHttp: boolean;
  fetchAllowPrivateNetworks: boolean;
  /** Origins allowed to call the API from a browser (`*` = any). */
  corsOrigins: string[];
  engine: EngineSettings;
  /**
   * Webhook deliveries: the delay before each attempt (the first is the initial try), per the
   * Standard Webhooks schedule: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
   */
  webhookRetryDelaysMs: number[];
  /** One delivery attempt may take this long (15 s, as Standard Webhooks senders use). */
  webhookTimeoutMs: number;
  /** An endpoint whose every delivery failed for this long is disabled (5 days). */
  webhookDisableAfterMs: number;
  /** Deliveries a worker makes at once. */
  webhookConcurrency: number;
  /** Exact IP addresses a webhook URL may reach despite the address policy (tests, local receivers). */
  webhookAllowedAddresses: string[];
  /** A comment line on an idle event stream this often, so proxies keep it open (15 s). */
  streamHeartbeatMs: number;
  /**
   * Streams and long-polls re-read the job at least this often without a change signal (1 s: the
   * long-poll promise; it covers SQLite files shared by several processes, which have no signal).
   */
  streamFallbackReadMs: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new ConfigError(`${name} must be an integer ≥ ${min} (got "${raw}")`);
  return value;
}

function bool(env: NodeJS.ProcessEnv, name: string): boolean {
  return ['1', 'true', 'yes'].includes((env[name] ?? '').toLowerCase());
}

function modelMap(raw: string | undefined): Record<string, ModelRoute> {
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError('MODEL_MAP must be a JSON object: {"name": {"baseUrl": "...", "model": "...", "apiKey": "..."}}');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigError('MODEL_MAP must be a JSON object');
  for (const [name, route] of Object.entries(parsed as Record<string, Partial<ModelRoute>>)) {
    if (typeof route?.baseUrl !== 'string' || typeof route.model !== 'string') {
      throw new ConfigError(`MODEL_MAP["${name}"] needs string "baseUrl" and "model"`);
    }
  }
  return parsed as Record<string, ModelRoute>;
}

function databaseUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  if (!/^postgres(ql)?:\/\//.test(raw)) throw new ConfigError('DATABASE_URL must be a postgres://… URL (unset it to use SQLite in DATA_DIR)');
  return raw;
}

function blobUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    parseS3Url(raw);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  return raw;
}

/** A boolean variable with a default when unset (`S3_FORCE_PATH_STYLE`). */
function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = (env[name] ?? '').toLowerCase();
  if (raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'no'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false (got "${env[name]}")`);
}

function s3Settings(env: NodeJS.ProcessEnv): S3Settings {
  const accessKeyId = env.S3_ACCESS_KEY_ID || undefined;
  const secretAccessKey = env.S3_SECRET_ACCESS_KEY || undefined;
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    throw new ConfigError('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together (set both, or neither to use the AWS default credentials)');
  }
  const endpoint = env.S3_ENDPOINT || undefined;
  return {
    endpoint,
    region: env.S3_REGION || env.AWS_REGION || 'us-east-1',
    accessKeyId,
    secretAccessKey,
    forcePathStyle: flag(env, 'S3_FORCE_PATH_STYLE', endpoint !== undefined),
  };
}

function engineSettings(env: NodeJS.ProcessEnv): EngineSettings {
  const sandbox = (env.ENGINE_SANDBOX ?? 'on').toLowerCase();
  if (!['on', 'off'].includes(sandbox)) throw new ConfigError(`ENGINE_SANDBOX must be on or off (got "${env.ENGINE_SANDBOX}")`);
  const d = DEFAULT_DOCUMENT_LIMITS;
  return {
    sandboxed: sandbox === 'on',
    workers: int(env, 'ENGINE_WORKERS', availableParallelism(), 1),
    heapMb: int(env, 'ENGINE_HEAP_MB', 512, 64),
    memoryMb: int(env, 'ENGINE_MEMORY_MB', 1024, 128),
    stepTimeoutMs: int(env, 'ENGINE_STEP_TIMEOUT_SECONDS', 300, 1) * 1000,
    ocrWorkers: int(env, 'ENGINE_OCR_WORKERS', 1, 1),
    nice: int(env, 'ENGINE_NICE', 10, 0),
    limits: {
      maxImagePixels: int(env, 'ENGINE_MAX_IMAGE_PIXELS', d.maxImagePixels, 1),
      maxPdfPages: int(env, 'ENGINE_MAX_PDF_PAGES', d.maxPdfPages, 1),
      maxRenderPixels: int(env, 'ENGINE_MAX_RENDER_PIXELS', d.maxRenderPixels, 1),
      maxDecompressedBytes: int(env, 'ENGINE_MAX_DECOMPRESSED_BYTES', d.maxDecompressedBytes, 1),
      maxTextChars: int(env, 'ENGINE_MAX_TEXT_CHARS', d.maxTextChars, 1),
      maxNestingDepth: int(env, 'ENGINE_MAX_NESTING_DEPTH', d.maxNestingDepth, 1),
    },
    testFaultDir: env.ENGINE_TEST_FAULT_DIR || undefined,
  };
}

/** The Standard Webhooks retry schedule: the delay before attempt 1, 2, … 8. */
export const WEBHOOK_RETRY_DELAYS_MS: readonly number[] = Object.freeze([0, 5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600].map((s) => s * 1000));

function delays(env: NodeJS.ProcessEnv, name: string, fallback: readonly number[]): number[] {
  const raw = env[name];
  if (raw === undefined || raw === '') return [...fallback];
  const values = raw.split(',').map((v) => Number(v.trim()));
  if (values.length === 0 || !values.every((v) => Number.isInteger(v) && v >= 0)) {
    throw new ConfigError(`${name} must be comma-separated integers ≥ 0, one delay in ms per attempt (got "${raw}")`);
  }
  return values;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = resolve(env.DATA_DIR || './data');
  return {
    port: int(env, 'PORT', 8080),
    host: env.HOST || '127.0.0.1',
    dataDir,
    databaseUrl: databaseUrl(env.DATABASE_URL),
    databasePoolMax: int(env, 'DATABASE_POOL_MAX', 10, 1),
    blobUrl: blobUrl(env.BLOB_URL),
    s3: s3Settings(env),
    bootstrapApiKey: env.JOBS_API_KEY || undefined,
    defaultOrganizationId: env.DEFAULT_ORGANIZATION_ID || 'org_default',
    workerConcurrency: int(env, 'WORKER_CONCURRENCY', 4, 1),
    maxAttempts: int(env, 'JOB_MAX_ATTEMPTS', 3, 1),
    ttlMs: int(env, 'JOB_TTL_SECONDS', 604_800, 1) * 1000,
    payloadGraceMs: int(env, 'JOB_PAYLOAD_GRACE_SECONDS', 86_400) * 1000,
    retentionMs: int(env, 'JOB_RETENTION_SECONDS', 30 * 86_400) * 1000,
    logLevel: env.LOG_LEVEL || 'info',
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 32 * 1024 * 1024, 1024),
    // 120 s: a full 32 MiB body still arrives at ~280 KB/s.
    requestTimeoutMs: int(env, 'REQUEST_TIMEOUT_SECONDS', 120, 1) * 1000,
    offloadThresholdBytes: int(env, 'OFFLOAD_THRESHOLD_BYTES', 64 * 1024),
    leaseMs: int(env, 'JOB_LEASE_SECONDS', 30, 1) * 1000,
    pollIntervalMs: int(env, 'WORKER_POLL_MS', 1000, 10),
    maintenanceIntervalMs: int(env, 'MAINTENANCE_INTERVAL_MS', 1000, 10),
    heartbeatIntervalMs: int(env, 'WORKER_HEARTBEAT_MS', 5000, 10),
    orgMaxInFlight: int(env, 'ORG_MAX_IN_FLIGHT', 100),
    rateLimitPerSecond: int(env, 'RATE_LIMIT_RPS', 200),
    attemptTimeoutMs: int(env, 'JOB_ATTEMPT_TIMEOUT_SECONDS', 900, 1) * 1000,
    backoffBaseMs: int(env, 'JOB_BACKOFF_BASE_MS', 1000, 1),
    backoffMaxMs: int(env, 'JOB_BACKOFF_MAX_MS', 60_000, 1),
    shutdownGraceMs: int(env, 'SHUTDOWN_GRACE_MS', 10_000),
    modelMap: modelMap(env.MODEL_MAP),
    fetchAllowHttp: bool(env, 'FETCH_ALLOW_HTTP'),
    fetchAllowPrivateNetworks: bool(env, 'FETCH_ALLOW_PRIVATE_NETWORKS'),
    corsOrigins: (env.CORS_ORIGINS || '*')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    engine: engineSettings(env),
    webhookRetryDelaysMs: delays(env, 'WEBHOOK_RETRY_SCHEDULE_MS', WEBHOOK_RETRY_DELAYS_MS),
    webhookTimeoutMs: int(env, 'WEBHOOK_TIMEOUT_MS', 15_000, 1),
    webhookDisableAfterMs: int(env, 'WEBHOOK_DISABLE_AFTER_SECONDS', 5 * 86_400, 1) * 1000,
    webhookConcurrency: int(env, 'WEBHOOK_CONCURRENCY', 8, 1),
    streamHeartbeatMs: int(env, 'STREAM_HEARTBEAT_MS', 15_000, 10),
    streamFallbackReadMs: int(env, 'STREAM_FALLBACK_READ_MS', 1000, 10),
    webhookAllowedAddresses: (env.WEBHOOK_ALLOWED_ADDRESSES || '')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean),
  };
}
