/**
 * Configuration from the environment (DESIGN §5). Every value has a default that works on one
 * machine; `loadConfig(env)` is pure so tests build configs without touching process.env.
 */
import { resolve } from 'node:path';

export interface ModelRoute {
  /** Base URL of an OpenAI-compatible chat-completions server (e.g. https://api.openai.com/v1). */
  baseUrl: string;
  apiKey?: string;
  /** The model name to send upstream. */
  model: string;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** postgres://... to scale out; unset → SQLite at `${dataDir}/jobs.sqlite`. */
  databaseUrl: string | undefined;
  /** s3://bucket/prefix for blobs when scaled out (defaults to a PostgreSQL table there). */
  blobUrl: string | undefined;
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

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = resolve(env.DATA_DIR || './data');
  return {
    port: int(env, 'PORT', 8080),
    host: env.HOST || '127.0.0.1',
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    blobUrl: env.BLOB_URL || undefined,
    bootstrapApiKey: env.JOBS_API_KEY || undefined,
    defaultOrganizationId: env.DEFAULT_ORGANIZATION_ID || 'org_default',
    workerConcurrency: int(env, 'WORKER_CONCURRENCY', 4, 1),
    maxAttempts: int(env, 'JOB_MAX_ATTEMPTS', 3, 1),
    ttlMs: int(env, 'JOB_TTL_SECONDS', 604_800, 1) * 1000,
    payloadGraceMs: int(env, 'JOB_PAYLOAD_GRACE_SECONDS', 86_400) * 1000,
    retentionMs: int(env, 'JOB_RETENTION_SECONDS', 30 * 86_400) * 1000,
    logLevel: env.LOG_LEVEL || 'info',
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 32 * 1024 * 1024, 1024),
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
    corsOrigins: (env.CORS_ORIGINS || '*').split(',').map((o) => o.trim()).filter(Boolean),
  };
}
