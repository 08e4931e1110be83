/**
 * Section 5, engine: API latency while the engine is busy. `jobs-api serve` (a child process, SQLite)
 * answers `GET /v1/jobs?limit=20` from one client, one request at a time every 20 ms: first while
 * nothing runs (idle), then while three 31-page parses and two OCR jobs run at once (busy). Twice
 * in the same run: with the engine sandboxed (the default) and with the engine in the server's
 * own process (`ENGINE_SANDBOX=off`, a mode kept for this comparison only).
 *
 * Figures only. The goal (on 2 cores): busy p99 ≤ 50 ms and ≤ 5× idle p99 with the sandboxes.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../lib/cleanup.js';
import { startServerProcess } from '../lib/serverProcess.js';
import { fmt, printTable, ratio, sleep, summarize, until, type Summary } from '../lib/stats.js';

export interface EngineSettings {
  /** Seconds of idle measurement. */
  idleSeconds: number;
  /** Longest busy measurement, seconds (it ends earlier when every job has finished). */
  maxBusySeconds: number;
  parses: number;
  ocrJobs: number;
}

export interface EngineRun {
  engine: 'sandboxed' | 'in-process';
  idle: Summary;
  busy: Summary;
  /** Seconds until every busy job had finished (or the cap). */
  busySeconds: number;
  jobs: Record<string, number>;
}

export interface EngineResult {
  settings: EngineSettings;
  cpus: number;
  runs: EngineRun[];
}

const KEY = 'sk_bench_engine_0123456789abcdefghij';
const FIXTURES = fileURLToPath(new URL('../../../../packages/documents/fixtures/real/', import.meta.url));
const dataUrl = (file: string, mime: string) => `data:${mime};base64,${readFileSync(join(FIXTURES, file)).toString('base64')}`;

export async function runEngineBench(settings: EngineSettings): Promise<EngineResult> {
  const runs: EngineRun[] = [];
  for (const engine of ['sandboxed', 'in-process'] as const) {
    process.stdout.write(`  engine: ${engine} …`);
    const run = await measureOnce(settings, engine);
    console.log(` idle p99 ${fmt(run.idle.p99)} ms, busy p99 ${fmt(run.busy.p99)} ms`);
    runs.push(run);
  }
  return { settings, cpus: cpus().length, runs };
}

async function measureOnce(settings: EngineSettings, engine: EngineRun['engine']): Promise<EngineRun> {
  const dir = tempDir('jobs-bench-engine-');
  const server = await startServerProcess(
    'serve',
    {
      DATA_DIR: dir.dir,
      JOBS_API_KEY: KEY,
      RATE_LIMIT_RPS: '0',
      ORG_MAX_IN_FLIGHT: '0',
      LOG_LEVEL: 'warn',
      ENGINE_SANDBOX: engine === 'sandboxed' ? 'on' : 'off',
      // Every busy job runs at once (the default 4 would queue one).
      WORKER_CONCURRENCY: String(settings.parses + settings.ocrJobs),
    },
    join(dir.dir, 'server.log'),
  );
  const headers = { 'Api-Key': KEY, 'Content-Type': 'application/json' };
  const api = async (method: string, path: string, body?: unknown) => {
    // A request that loses its keep-alive connection as it goes out (ECONNRESET) is sent again;
    // a server that died is reported as such.
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await fetch(server.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
        const text = await res.text();
        if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
        return JSON.parse(text) as { id: string; status: string; data?: unknown[] };
      } catch (error) {
        if (server.child.exitCode !== null || server.child.signalCode !== null) {
          throw new Error(`the server died (${server.child.exitCode ?? server.child.signalCode}); its log: ${server.logFile}`);
        }
        if (attempt >= 3 || !(error instanceof TypeError)) throw error;
      }
    }
  };
  try {
    const small = { document: { filename: 'warm.txt', url: `data:text/plain;base64,${Buffer.from('warm up 561').toString('base64')}` } };
    // Warm-up: compile the validator's schemas, start the sandboxes (or load the parsers in-process).
    const warm = await api('POST', '/v1/jobs', { endpoint: '/v1/documents/parse', request: small });
    await until(async () => (await api('GET', `/v1/jobs/${warm.id}`)).status === 'completed', 'the warm-up job', 120_000, 100);
    for (let i = 0; i < 20; i++) await api('GET', '/v1/jobs?limit=20');

    const idle = await sampleLatency(server.url, headers, () => false, settings.idleSeconds * 1000);

    const manual = dataUrl('om_manual_31_pages.pdf', 'application/pdf');
    const scans = [dataUrl('booking_confirmation_1.jpg', 'image/jpeg'), dataUrl('invoice_sample1.png', 'image/png')];
    const ids: string[] = [];
    for (let i = 0; i < settings.parses; i++) {
      ids.push((await api('POST', '/v1/jobs', { endpoint: '/v1/documents/parse', request: { document: { filename: `manual-${i}.pdf`, url: manual } } })).id);
    }
    for (let i = 0; i < settings.ocrJobs; i++) {
      const url = scans[i % scans.length]!;
      ids.push((await api('POST', '/v1/jobs', { endpoint: '/v1/documents/parse', request: { document: { filename: `scan-${i}`, url } } })).id);
    }
    const busyStarted = performance.now();
    let finished = false;
    const statuses: Record<string, number> = {};
    const watcher = (async () => {
      while (!finished) {
        const jobs = await Promise.all(ids.map((id) => api('GET', `/v1/jobs/${id}`)));
        if (jobs.every((j) => ['completed', 'failed', 'cancelled'].includes(j.status))) {
          for (const j of jobs) statuses[j.status] = (statuses[j.status] ?? 0) + 1;
          finished = true;
        }
        await sleep(250);
      }
    })();
    const busy = await sampleLatency(server.url, headers, () => finished, settings.maxBusySeconds * 1000);
    const busySeconds = (performance.now() - busyStarted) / 1000;
    if (!finished) statuses['still running at the cap'] = ids.length;
    finished = true;
    await watcher;
    return { engine, idle, busy, busySeconds, jobs: statuses };
  } finally {
    const died = server.child.exitCode !== null || server.child.signalCode !== null;
    await server.stop();
    if (!died) await dir.remove();
  }
}

/** `GET /v1/jobs?limit=20`, one at a time every 20 ms, until `done()` or `maxMs`: latencies in ms. */
async function sampleLatency(url: string, headers: Record<string, string>, done: () => boolean, maxMs: number): Promise<Summary> {
  const latencies: number[] = [];
  const stopAt = performance.now() + maxMs;
  while (!done() && performance.now() < stopAt) {
    const t = performance.now();
    try {
      const res = await fetch(`${url}/v1/jobs?limit=20`, { headers });
      await res.arrayBuffer();
      latencies.push(performance.now() - t);
    } catch {
      // A lost keep-alive connection: not a latency; the next request opens a new one.
    }
    await sleep(20);
  }
  return summarize(latencies);
}

export function printEngineResult(result: EngineResult): void {
  printTable(
    `5. API latency while the engine is busy: GET /v1/jobs (ms), ${result.settings.parses} × 31-page parse + ${result.settings.ocrJobs} OCR jobs, ${result.cpus} cores`,
    ['engine', 'idle p50', 'idle p99', 'idle max', 'busy p50', 'busy p99', 'busy max', 'busy/idle p99', 'busy for', 'jobs'],
    result.runs.map((r) => [
      r.engine,
      fmt(r.idle.p50),
      fmt(r.idle.p99),
      fmt(r.idle.max),
      fmt(r.busy.p50),
      fmt(r.busy.p99),
      fmt(r.busy.max),
      ratio(r.busy.p99, r.idle.p99),
      `${fmt(r.busySeconds)} s`,
      Object.entries(r.jobs)
        .map(([status, n]) => `${n} ${status}`)
        .join(', '),
    ]),
    ['goal (sandboxed, 2 cores): busy p99 ≤ 50 ms and ≤ 5× idle p99; in-process is the comparison (ENGINE_SANDBOX=off, bench only)'],
  );
}
