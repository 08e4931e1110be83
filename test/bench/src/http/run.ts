/**
 * Section 2, HTTP: autocannon (in this process) against `POST /v1/jobs` (a valid parse request with
 * a small inline document and a unique Idempotency-Key per request) and `GET /v1/jobs/{id}`, on our
 * server and on a bare Express 5 app answering the same JSON; both are child processes of their own
 * on this machine, so the load generator and the server each get one of the two cores.
 *
 * Our server runs as `jobs-api api` (API only: no worker in the process competes with the
 * measurement). The bench registers a worker heartbeat in its database, as a worker process
 * elsewhere would, so creates take the normal dispatch path (200, queued) instead of answering 202
 * dispatch_delayed after looking for a live worker on every request. Rate limiting is off
 * (RATE_LIMIT_RPS=0) and so is the per-organization in-flight cap (ORG_MAX_IN_FLIGHT=0); logging
 * stays at its default (info, one access-log line per request, written to a file).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createStore, loadConfig } from '@jobs-api/server';
import { onCleanup, tempDir } from '../lib/cleanup.js';
import { freshDatabase, type PostgresAvailability } from '../lib/postgres.js';
import { startChild, startServerProcess, type ChildServer } from '../lib/serverProcess.js';
import { fmt, printTable, ratio, ratioValue } from '../lib/stats.js';

export interface HttpSettings {
  connections: number;
  warmupSeconds: number;
  seconds: number;
}

export interface HttpRow {
  target: string;
  operation: 'POST /v1/jobs' | 'GET /v1/jobs/{id}';
  available: boolean;
  reason?: string;
  requestsPerSecond?: number;
  p50Ms?: number;
  p99Ms?: number;
  /** CPU time (user + system) the server process spent per answered request during the run, µs. */
  cpuMicrosPerRequest?: number;
  non2xx?: number;
  errors?: number;
}

export interface HttpResult {
  settings: HttpSettings;
  rows: HttpRow[];
  /** ours / bare for each of our targets and operation. */
  ratios: { target: string; operation: string; requestsPerSecond: number | null; p50: number | null; p99: number | null }[];
  notes: string[];
}

export const KEY = 'sk_bench_http_0123456789abcdefghij';
const BARE = 'bare Express 5';
/** Diagnostic peer: the bare app after `import '@jobs-api/documents'` (see bareExpress.ts). */
const BARE_WITH_DOCUMENTS = 'bare Express 5 + documents import';
export const CREATE_BODY = JSON.stringify({
  endpoint: '/v1/documents/parse',
  request: { document: { filename: 'invoice.txt', url: `data:text/plain;base64,${Buffer.from('Invoice number: 12398982\nTotal: 561').toString('base64')}` } },
  metadata: { source: 'bench' },
});

interface Target {
  name: string;
  url: string;
  /** A job id for GET. */
  jobId: string;
  /** The server's process id (its CPU time is read from /proc). */
  pid: number;
}

export async function cannon(url: string, seconds: number, connections: number, request: autocannon.Request): Promise<autocannon.Result> {
  return autocannon({ url, connections, duration: seconds, requests: [request] });
}

export function postRequest(): autocannon.Request {
  const prefix = `bench-${randomBytes(6).toString('hex')}`;
  let n = 0;
  return {
    method: 'POST',
    path: '/v1/jobs',
    headers: { 'content-type': 'application/json', 'api-key': KEY },
    body: CREATE_BODY,
    // A fresh Idempotency-Key per request: every create is a new job, none is a replay.
    setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'idempotency-key': `${prefix}-${++n}` } }),
  };
}

/** User + system CPU seconds a process has used so far (/proc/<pid>/stat, fields 14 and 15, in clock ticks of 1/100 s). */
function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may itself hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export function getRequest(jobId: string): autocannon.Request {
  return { method: 'GET', path: `/v1/jobs/${jobId}`, headers: { 'api-key': KEY } };
}

async function measureTarget(target: Target, settings: HttpSettings): Promise<HttpRow[]> {
  const rows: HttpRow[] = [];
  for (const [operation, request] of [
    ['POST /v1/jobs', () => postRequest()],
    ['GET /v1/jobs/{id}', () => getRequest(target.jobId)],
  ] as const) {
    process.stdout.write(`  http: ${target.name} ${operation} …`);
    await cannon(target.url, settings.warmupSeconds, settings.connections, request());
    const cpuBefore = processCpuSeconds(target.pid);
    const r = await cannon(target.url, settings.seconds, settings.connections, request());
    const cpu = processCpuSeconds(target.pid) - cpuBefore;
    const row: HttpRow = {
      target: target.name,
      operation,
      available: true,
      requestsPerSecond: r.requests.average,
      p50Ms: r.latency.p50,
      p99Ms: r.latency.p99,
      cpuMicrosPerRequest: r.requests.total > 0 ? (cpu * 1e6) / r.requests.total : undefined,
      non2xx: r.non2xx,
      errors: r.errors + r.timeouts,
    };
    console.log(` ${fmt(row.requestsPerSecond)} req/s`);
    rows.push(row);
  }
  return rows;
}

async function json(url: string, init: RequestInit): Promise<{ status: number; body: { id: string } & Record<string, unknown> }> {
  const res = await fetch(url, init);
  return { status: res.status, body: await res.json() };
}

/**
 * The heartbeat of a worker that lives elsewhere (none runs), kept fresh every 2 s in the server's
 * database (see the module comment); answers the function that stops it.
 */
export async function registerHeartbeat(dataDir: string, databaseUrl: string | undefined, name = 'ours'): Promise<() => Promise<void>> {
  const store = await createStore({ ...loadConfig({ DATA_DIR: dataDir }), databaseUrl });
  const beat = () =>
    store.recordWorkerHeartbeat({
      id: 'wrk_bench_elsewhere',
      hostname: hostname(),
      pid: process.pid,
      startedAt: Date.now(),
      lastSeenAt: Date.now(),
      concurrency: 0,
    });
  await beat();
  const timer = setInterval(() => void beat().catch(() => undefined), 2000);
  return onCleanup(`close ${name} heartbeat store`, async () => {
    clearInterval(timer);
    await store.close();
  });
}

/** Starts `jobs-api api` on SQLite or PostgreSQL, with a worker heartbeat kept fresh by the bench. */
async function startOurs(name: string, databaseUrl: string | undefined): Promise<{ server: ChildServer; stop: () => Promise<void> }> {
  const dir = tempDir('jobs-bench-http-');
  const env: Record<string, string> = { DATA_DIR: dir.dir, JOBS_API_KEY: KEY, RATE_LIMIT_RPS: '0', ORG_MAX_IN_FLIGHT: '0' };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const server = await startServerProcess('api', env, join(dir.dir, 'server.log'));
  const closeStore = await registerHeartbeat(dir.dir, databaseUrl, name);
  return {
    server,
    stop: async () => {
      await server.stop();
      await closeStore();
      await dir.remove();
    },
  };
}

export async function runHttpBench(settings: HttpSettings, pgInfo: PostgresAvailability): Promise<HttpResult> {
  const rows: HttpRow[] = [];
  const notes: string[] = [];
  const headers = { 'content-type': 'application/json', 'api-key': KEY };

  // Ours on SQLite (the embedded default): also the source of the JSON the bare app answers.
  const sqlite = await startOurs('ours (SQLite)', undefined);
  const created = await json(`${sqlite.server.url}/v1/jobs`, { method: 'POST', headers, body: CREATE_BODY });
  if (created.status !== 200) throw new Error(`create answered ${created.status}: ${JSON.stringify(created.body)}`);
  const got = await json(`${sqlite.server.url}/v1/jobs/${created.body.id}`, { headers });
  notes.push(
    `POST answers ${created.status} (${JSON.stringify(created.body).length} bytes of JSON), GET ${got.status} (${JSON.stringify(got.body).length} bytes)`,
  );
  try {
    rows.push(...(await measureTarget({ name: 'ours (SQLite)', url: sqlite.server.url, jobId: created.body.id, pid: sqlite.server.pid }, settings)));
  } finally {
    await sqlite.stop();
  }

  if (pgInfo.url) {
    const db = await freshDatabase(pgInfo.url, 'http_ours');
    const pgServer = await startOurs('ours (PostgreSQL)', db.url);
    try {
      const job = await json(`${pgServer.server.url}/v1/jobs`, { method: 'POST', headers, body: CREATE_BODY });
      rows.push(...(await measureTarget({ name: 'ours (PostgreSQL)', url: pgServer.server.url, jobId: job.body.id, pid: pgServer.server.pid }, settings)));
    } finally {
      await pgServer.stop();
      await db.drop();
    }
  } else {
    for (const operation of ['POST /v1/jobs', 'GET /v1/jobs/{id}'] as const) {
      rows.push({ target: 'ours (PostgreSQL)', operation, available: false, reason: `not available: ${pgInfo.reason}` });
    }
  }

  // The bare Express app, answering the same JSON; then the same app with @jobs-api/documents loaded.
  const dir = tempDir('jobs-bench-express-');
  const answersFile = join(dir.dir, 'answers.json');
  writeFileSync(answersFile, JSON.stringify({ create: created, get: got }));
  for (const [name, extra] of [
    [BARE, []],
    [BARE_WITH_DOCUMENTS, ['--load-documents']],
  ] as const) {
    const bare = await startChild(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./bareExpress.ts', import.meta.url)), answersFile, ...extra], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      logFile: join(dir.dir, `express${extra.length}.log`),
      ready: /listening on (http:\/\/\S+)/,
      what: name,
    });
    try {
      const replaced = /JSON.stringify replaced: (\w+)/.exec(readFileSync(bare.logFile, 'utf8'))?.[1];
      if (replaced) notes.push(`${name}: JSON.stringify replaced after the import: ${replaced}`);
      rows.push(...(await measureTarget({ name, url: bare.url, jobId: created.body.id, pid: bare.pid }, settings)));
    } finally {
      await bare.stop();
    }
  }
  await dir.remove();

  const ratios: HttpResult['ratios'] = [];
  for (const row of rows.filter((r) => r.target !== BARE && r.available)) {
    const peer = rows.find((r) => r.target === BARE && r.operation === row.operation);
    ratios.push({
      target: row.target,
      operation: row.operation,
      requestsPerSecond: ratioValue(row.requestsPerSecond, peer?.requestsPerSecond),
      p50: ratioValue(row.p50Ms, peer?.p50Ms),
      p99: ratioValue(row.p99Ms, peer?.p99Ms),
    });
  }
  return { settings, rows, ratios, notes };
}

export function printHttpResult(result: HttpResult): void {
  const { settings, rows } = result;
  printTable(
    `2. HTTP — autocannon, ${settings.connections} connections, ${settings.seconds} s per run after ${settings.warmupSeconds} s warm-up`,
    ['target', 'operation', 'req/s', 'p50 ms', 'p99 ms', 'server CPU µs/req', 'non-2xx', 'errors'],
    rows.map((r) =>
      r.available
        ? [
            r.target,
            r.operation,
            fmt(r.requestsPerSecond),
            fmt(r.p50Ms),
            fmt(r.p99Ms),
            fmt(r.cpuMicrosPerRequest),
            String(r.non2xx ?? 0),
            String(r.errors ?? 0),
          ]
        : [r.target, r.operation, r.reason ?? 'not available', '', '', '', '', ''],
    ),
    [
      'ours: `jobs-api api` child process (API only, no worker in it; a worker heartbeat registered by the bench), RATE_LIMIT_RPS=0, ORG_MAX_IN_FLIGHT=0, LOG_LEVEL=info to a file',
      "server CPU µs/req: user + system CPU time of the server process (/proc/<pid>/stat) over the measured run ÷ requests answered; PostgreSQL's own processes are not counted. Steadier than req/s when something else loads the machine",
      'bare Express 5: child process, express.json() + res.json() of the same bodies; no auth, validation, store, logs',
      `${BARE_WITH_DOCUMENTS}: the same app after importing @jobs-api/documents as the server does (checks that the pdfjs-dist legacy build's core-js JSON.stringify no longer stays in place)`,
      ...result.notes,
    ],
  );
  printTable(
    '   overhead ratios x / bare Express 5 (req/s: below 1 is the cost of the stack; latency: above 1)',
    ['target', 'operation', 'req/s', 'p50', 'p99', 'CPU/req'],
    rows
      .filter((r) => r.target !== BARE && r.available)
      .map((r) => {
        const peer = rows.find((p) => p.target === BARE && p.operation === r.operation);
        return [
          r.target,
          r.operation,
          ratio(r.requestsPerSecond, peer?.requestsPerSecond),
          ratio(r.p50Ms, peer?.p50Ms),
          ratio(r.p99Ms, peer?.p99Ms),
          ratio(r.cpuMicrosPerRequest, peer?.cpuMicrosPerRequest),
        ];
      }),
  );
}
