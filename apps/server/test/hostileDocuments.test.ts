/**
 * The hostile-documents suite: each hostile input of the README's "Engine sandbox" section,
 * built here, sent to a real server process (`jobs-api serve`, real HTTP on an ephemeral port)
 * as a synchronous request and as a job. Throughout, a monitor thread polls /healthz and samples
 * the server process's resident memory (the server's only, not its sandboxes'). The server must
 * never die, every input must end in a 4xx or a failed job whose error code names the limit, and
 * while the engine works /healthz must answer within 200 ms (beyond what the machine itself adds,
 * measured on a bare HTTP server polled at the same moment) and the server must stay under 300 MB.
 * Requests with bodies over 1 MB are the request path's large-body case: their /healthz figures
 * are reported apart (see LARGE_BODY_CHARS); the memory bound holds for them too (their documents
 * are decoded as the body streams in, never held as text).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Job } from '@jobs-api/api-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from '../src/nodeFlags.js';
import { hostileDocuments, type HostileDocument } from './hostile-documents.js';
import { call, tempDir, TEST_KEY, waitFor } from './helpers.js';

const cli = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** What each input must end with: the error code and the limit it names. */
const EXPECTED: Record<string, { code: string; limit: string }> = {
  'huge-claim.png': { code: 'document_too_large', limit: 'maxImagePixels' },
  'stream-bomb.pdf': { code: 'document_too_large', limit: 'maxDecompressedBytes' },
  'blank-pages.pdf': { code: 'too_many_pages', limit: 'maxPdfPages' },
  'bomb.docx': { code: 'document_too_large', limit: 'maxDecompressedBytes' },
  'huge.png': { code: 'document_too_large', limit: 'maxImagePixels' },
  'huge-claim.tiff': { code: 'document_too_large', limit: 'maxImagePixels' },
  'one-line.txt': { code: 'document_too_large', limit: 'maxTextChars' },
};

/**
 * Polls /healthz (one request at a time, every 25 ms) and reads the server's VmRSS every 50 ms, on
 * its own thread so the test's own work (building 27 MB bodies) does not delay the measurements.
 * Each poll is paired with one to a bare Node HTTP server in its own process (the control): on a
 * machine other work keeps busy, the control's latency is what the machine adds, and the excess
 * over it is what the server's own event loop adds. Both are reported; the excess is asserted.
 */
const MONITOR = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
let polls = 0, failures = 0, stop = false; const health = [], memory = [];
const rss = () => {
  try { const m = /VmRSS:\\s+(\\d+) kB/.exec(readFileSync('/proc/' + workerData.pid + '/status', 'latin1')); if (m) memory.push({ at: Date.now(), bytes: Number(m[1]) * 1024 }); } catch {}
};
const sampler = setInterval(rss, 50);
const timed = async (url) => { const t = performance.now(); const r = await fetch(url); await r.text(); if (r.status !== 200) throw new Error(String(r.status)); return performance.now() - t; };
(async () => {
  while (!stop) {
    try {
      const at = Date.now();
      const [ms, controlMs] = await Promise.all([timed(workerData.url + '/healthz'), timed(workerData.controlUrl)]);
      health.push({ at, ms, controlMs });
    } catch { failures++; }
    polls++;
    await new Promise((r) => setTimeout(r, 25));
  }
})();
parentPort.on('message', () => { stop = true; clearInterval(sampler); parentPort.postMessage({ health, memory, polls, failures }); });
`;

/** The control: a bare Node HTTP server, in its own process like the server. */
const CONTROL = `require('node:http').createServer((q, s) => s.end('{"status":"ok"}')).listen(0, '127.0.0.1', function () { console.log('control on http://127.0.0.1:' + this.address().port); });`;

interface Samples {
  /** Each /healthz poll: when it was sent, its latency and the control's, polled at the same moment. */
  health: Array<{ at: number; ms: number; controlMs: number }>;
  /** The server's resident memory, every 50 ms. */
  memory: Array<{ at: number; bytes: number }>;
  polls: number;
  failures: number;
}

/**
 * Bodies above this go the large-body way of the request path (bodyGate.ts's threshold): read by
 * the streaming JSON reader, whose documents are decoded as they arrive (a 27 MB body holds the
 * loop for up to ~0.7 s in all, in slices). How that path holds the loop is measured by the
 * request-path benchmark; here, /healthz during those requests is reported apart and its limit is
 * asserted on everything else: all the engine's work (sandboxed) and every other request. The
 * memory bound covers them all.
 */
const LARGE_BODY_CHARS = 1024 * 1024;

/** [start, end] of large-body requests, from sending to the answer. */
const largeBodyWindows: Array<[number, number]> = [];
const inLargeBodyWindow = (at: number, settleMs = 0) => largeBodyWindows.some(([start, end]) => at >= start && at <= end + settleMs);

/** Spawns `args` and answers it once its output matches `pattern` (with the first group). */
async function spawnUntil(args: string[], env: NodeJS.ProcessEnv, pattern: RegExp): Promise<{ child: ChildProcess; match: string }> {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const match = await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited (${child.exitCode}):\n${out}`);
      return pattern.exec(out)?.[1];
    },
    (m) => m !== undefined,
    90_000,
    `${args.join(' ')} to start`,
  );
  return { child, match: match! };
}

/**
 * A POST that is sent again when the connection failed before an answer (a keep-alive socket the
 * server closed as the request went out: EPIPE). Job creates carry an Idempotency-Key, so a resend
 * can never create a second job.
 */
async function post<T>(path: string, body: unknown, headers: Record<string, string> = {}) {
  const rawBody = JSON.stringify(body);
  const started = Date.now();
  try {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await call<T>(url, 'POST', path, { rawBody, headers });
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
  } finally {
    if (rawBody.length > LARGE_BODY_CHARS) largeBodyWindows.push([started, Date.now()]);
  }
}

let server: ChildProcess;
let control: ChildProcess;
let url: string;
let monitor: Worker;
let documents: HostileDocument[];
const results: string[] = [];

const requestOf = (doc: HostileDocument) => ({ document: { filename: doc.filename, url: `data:${doc.mimeType};base64,${doc.bytes.toString('base64')}` } });

describe('hostile documents', { timeout: 600_000 }, () => {
  beforeAll(async () => {
    documents = await hostileDocuments();
    // The server as deployed: with the Node flags every start script passes (nodeFlags.ts).
    ({ child: server, match: url } = await spawnUntil(
      [...SERVER_NODE_FLAGS, cli, 'serve'],
      {
        ...process.env,
        DATA_DIR: tempDir(),
        PORT: '0',
        JOBS_API_KEY: TEST_KEY,
        LOG_LEVEL: 'warn',
        DATABASE_URL: '',
        WORKER_POLL_MS: '100',
        ENGINE_WORKERS: '2',
      },
      /^Jobs API listening on (\S+)/m,
    ));
    let controlUrl: string;
    ({ child: control, match: controlUrl } = await spawnUntil(['-e', CONTROL], process.env, /^control on (\S+)/m));
    // Warm-up, before measuring: the request validator compiles each route's schema on its first
    // request (~1.5 s of one core here; compiling at start-up is the request-path work), and the
    // first call starts the sandboxes.
    const warmUp = { document: { filename: 'warm-up.txt', url: `data:text/plain;base64,${Buffer.from('warm up').toString('base64')}` } };
    expect((await call(url, 'POST', '/v1/documents/parse', { body: warmUp })).status).toBe(200);
    const warmJob = await call<Job>(url, 'POST', '/v1/jobs', { body: { endpoint: '/v1/documents/parse', request: warmUp } });
    await waitFor(
      async () => (await call<Job>(url, 'GET', `/v1/jobs/${warmJob.body.id}`)).body.status,
      (s) => s === 'completed',
      120_000,
      'the warm-up job',
    );
    monitor = new Worker(MONITOR, { eval: true, workerData: { pid: server.pid, url, controlUrl } });
  }, 180_000);

  afterAll(async () => {
    if (server && server.exitCode === null) server.kill('SIGTERM');
    control?.kill('SIGKILL');
    await monitor?.terminate();
    console.log(`hostile documents:\n${results.join('\n')}`);
  });

  it.each(['synchronous request', 'job'] as const)('every input as a %s ends in a 4xx naming its limit', async (mode) => {
    for (const doc of documents) {
      const expected = EXPECTED[doc.filename]!;
      const started = performance.now();
      results.push(`${new Date().toISOString().slice(11, 23)} ${mode}: ${doc.name}`);
      if (mode === 'synchronous request') {
        const answer = await post<{ error: { code: string; details?: { limit?: string } } }>('/v1/documents/parse', requestOf(doc));
        results.push(
          `sync ${doc.name}: ${answer.status} ${answer.body.error?.code} (${answer.body.error?.details?.limit}) in ${Math.round(performance.now() - started)} ms`,
        );
        expect(answer.status, doc.name).toBeGreaterThanOrEqual(400);
        expect(answer.status, doc.name).toBeLessThan(500);
        expect(answer.body.error, doc.name).toMatchObject({ code: expected.code, details: { limit: expected.limit } });
      } else {
        const created = await post<Job>(
          '/v1/jobs',
          { endpoint: '/v1/documents/parse', request: requestOf(doc) },
          { 'Idempotency-Key': `hostile-${doc.filename}` },
        );
        expect(created.status, doc.name).toBeLessThan(300);
        const job = await waitFor(
          async () => (await call<Job>(url, 'GET', `/v1/jobs/${created.body.id}`)).body,
          (j) => ['completed', 'failed', 'cancelled', 'expired'].includes(j.status),
          300_000,
          `the job for ${doc.name}`,
        );
        results.push(
          `job  ${doc.name}: ${job.status} ${job.error?.code} (${(job.error?.details as { limit?: string })?.limit}) after ${job.attempt_count} attempt(s), ${Math.round(performance.now() - started)} ms`,
        );
        expect(job.status, doc.name).toBe('failed');
        expect(job.error, doc.name).toMatchObject({ code: expected.code, details: { limit: expected.limit, status_code: 422 } });
        expect(job.attempt_count, doc.name).toBe(1);
      }
    }
  });

  it('the server never died, /healthz answered within 200 ms throughout, and its RSS stayed under 300 MB', async () => {
    const samples = await new Promise<Samples>((resolve) => {
      monitor.once('message', resolve);
      monitor.postMessage('stop');
    });
    const excess = (h: Samples['health'][number]) => h.ms - h.controlMs;
    const max = (values: number[]) => values.reduce((a, b) => Math.max(a, b), 0);
    // A sample counts for the large-body path while such a request is in flight; its memory for
    // 5 s after (the garbage of a 27 MB body is collected, not returned at once).
    const engineHealth = samples.health.filter((h) => !inLargeBodyWindow(h.at));
    const engineMemory = samples.memory.filter((m) => !inLargeBodyWindow(m.at, 5_000));
    const figures = {
      maxHealthMs: max(engineHealth.map((h) => h.ms)),
      maxExcessMs: max(engineHealth.map(excess)),
      maxRssMb: max(engineMemory.map((m) => m.bytes)) / 1048576,
      largeBodyMaxExcessMs: max(samples.health.filter((h) => inLargeBodyWindow(h.at)).map(excess)),
      largeBodyMaxRssMb: max(samples.memory.map((m) => m.bytes)) / 1048576,
    };
    const slow = samples.health
      .filter((h) => excess(h) > 50)
      .map((h) => `${new Date(h.at).toISOString().slice(11, 23)} ${Math.round(h.ms)} ms (control ${Math.round(h.controlMs)})`);
    results.push(
      `server: alive=${server.exitCode === null}; ${samples.polls} /healthz polls (${samples.failures} failed)`,
      `  engine work and small requests: /healthz max ${figures.maxHealthMs.toFixed(0)} ms, max excess over the control ${figures.maxExcessMs.toFixed(0)} ms; server RSS max ${figures.maxRssMb.toFixed(0)} MB`,
      `  large-body requests (${largeBodyWindows.length}): /healthz max excess ${figures.largeBodyMaxExcessMs.toFixed(0)} ms; server RSS max over the whole run ${figures.largeBodyMaxRssMb.toFixed(0)} MB`,
      `  /healthz more than 50 ms over the control: ${slow.join(', ') || 'none'}`,
    );
    expect(server.exitCode).toBeNull();
    expect(server.signalCode).toBeNull();
    expect(samples.failures).toBe(0);
    // The monitor really sampled outside the large-body windows (a quick run on a quiet machine
    // spends most of its time in them).
    expect(engineHealth.length).toBeGreaterThan(10);
    expect(figures.maxExcessMs).toBeLessThan(200);
    // The memory bound holds for every sample of the run, large bodies included (the engine-only
    // figure above is reported, not asserted apart: a fast run leaves as few as 3 samples outside the
    // large-body windows and the 5 s after them). 329 MB before the synchronous routes streamed
    // large bodies, 247 MB since.
    expect(samples.memory.length).toBeGreaterThan(10);
    expect(figures.largeBodyMaxRssMb).toBeGreaterThan(0);
    expect(figures.largeBodyMaxRssMb).toBeLessThan(300);
  });
});
