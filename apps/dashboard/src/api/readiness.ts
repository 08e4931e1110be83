/**
 * `/readyz`: an operational route outside the API spec (no key, not in the client), so it is read
 * here with plain fetch and checked field by field instead of trusted. Today it answers
 * `{status, checks: {database, workers}, workers: [...]}`; any other top-level figures a server
 * adds (engine pools, queues) are kept in `extra` and shown as they come.
 */
import { apiBaseUrl } from './connection.js';

/** One live worker as `/readyz` lists it. */
export interface LiveWorker {
  id: string;
  hostname: string | undefined;
  pid: number | undefined;
  concurrency: number | undefined;
  /** Epoch milliseconds. */
  startedAt: number | undefined;
  /** Epoch milliseconds. */
  lastSeenAt: number | undefined;
}

export interface Readiness {
  /** HTTP status of `/readyz` (200 ready, 503 not ready). */
  httpStatus: number;
  status: string;
  checks: Record<string, string>;
  workers: LiveWorker[];
  /** Every other top-level field, shown as it comes. */
  extra: Record<string, unknown>;
}

const KNOWN_FIELDS = new Set(['status', 'checks', 'workers']);

export async function fetchReadiness(signal?: AbortSignal): Promise<Readiness> {
  const response = await fetch(new URL('/readyz', apiBaseUrl()), { signal, headers: { accept: 'application/json' } });
  // 200 ready, 503 not ready: anything else is not the readiness report (e.g. a mock without the route).
  if (response.status !== 200 && response.status !== 503) throw new Error(`/readyz answered HTTP ${response.status}`);
  const body: unknown = await response.json().catch(() => undefined);
  if (!isRecord(body)) throw new Error(`/readyz answered HTTP ${response.status} without a JSON object`);
  return parseReadiness(response.status, body);
}

export function parseReadiness(httpStatus: number, body: Record<string, unknown>): Readiness {
  const checks: Record<string, string> = {};
  if (isRecord(body.checks)) for (const [name, value] of Object.entries(body.checks)) checks[name] = String(value);
  const workers = Array.isArray(body.workers) ? body.workers.filter(isRecord).map(toWorker) : [];
  const extra = Object.fromEntries(Object.entries(body).filter(([name]) => !KNOWN_FIELDS.has(name)));
  return { httpStatus, status: typeof body.status === 'string' ? body.status : 'unknown', checks, workers, extra };
}

function toWorker(row: Record<string, unknown>): LiveWorker {
  const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
  return {
    id: String(row.id ?? ''),
    hostname: typeof row.hostname === 'string' ? row.hostname : undefined,
    pid: number(row.pid),
    concurrency: number(row.concurrency),
    startedAt: number(row.startedAt),
    lastSeenAt: number(row.lastSeenAt),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
