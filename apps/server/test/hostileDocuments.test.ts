/**
 * The hostile-documents suite: each input of the table in docs/architecture.md ("Engine sandbox"),
 * built here, sent to a real server process (`jobs-api serve`, real HTTP on an ephemeral port)
 * as a synchronous request and as a job. Throughout, a monitor thread polls /healthz and samples
 * the server process's resident memory (the server's only, not its sandboxes'). The server must
 * never die, /healthz must answer within 200 ms, every input must end in a 4xx or a failed job
 * whose error code names the limit, and the server must stay under 300 MB.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Job } from '@jobs-api/api-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
 */
const MONITOR = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
let maxHealthMs = 0, maxRssBytes = 0, polls = 0, failures = 0, stop = false; const slow = [];
const rss = () => {
  try { const m = /VmRSS:\\s+(\\d+) kB/.exec(readFileSync('/proc/' + workerData.pid + '/status', 'latin1')); if (m) maxRssBytes = Math.max(maxRssBytes, Number(m[1]) * 1024); } catch {}
};
const sampler = setInterval(rss, 50);
(async () => {
  while (!stop) {
    const t = performance.now();
    try { const r = await fetch(workerData.url + '/healthz'); await r.text(); if (r.status !== 200) failures++; } catch { failures++; }
    const ms = performance.now() - t;
    if (ms > 50) slow.push(new Date().toISOString().slice(11, 23) + ' ' + Math.round(ms) + ' ms');
    maxHealthMs = Math.max(maxHealthMs, ms);
    polls++;
    await new Promise((r) => setTimeout(r, 25));
  }
})();
parentPort.on('message', () => { stop = true; clearInterval(sampler); parentPort.postMessage({ maxHealthMs, maxRssBytes, polls, failures, slow }); });
`;

interface Figures {
  maxHealthMs: number;
  maxRssBytes: number;
  polls: number;
  failures: number;
  /** /healthz answers slower than 50 ms, with the time they came. */
  slow: string[];
}

let server: ChildProcess;
let url: string;
let monitor: Worker;
let documents: HostileDocument[];
const results: string[] = [];

const requestOf = (doc: HostileDocument) => ({ document: { filename: doc.filename, url: `data:${doc.mimeType};base64,${doc.bytes.toString('base64')}` } });

describe('hostile documents', { timeout: 600_000 }, () => {
  beforeAll(async () => {
    documents = await hostileDocuments();
    server = spawn(process.execPath, [cli, 'serve'], {
      env: { ...process.env, DATA_DIR: tempDir(), PORT: '0', JOBS_API_KEY: TEST_KEY, LOG_LEVEL: 'warn', DATABASE_URL: '', WORKER_POLL_MS: '100', ENGINE_WORKERS: '2' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    server.stdout!.on('data', (d) => (out += d));
    server.stderr!.on('data', (d) => (out += d));
    url = (await waitFor(
      async () => {
        if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode}):\n${out}`);
        return /^Jobs API listening on (\S+)/m.exec(out)?.[1];
      },
      (u) => u !== undefined,
      90_000,
      'the server to listen',
    ))!;
    monitor = new Worker(MONITOR, { eval: true, workerData: { pid: server.pid, url } });
  }, 180_000);

  afterAll(async () => {
    if (server && server.exitCode === null) server.kill('SIGTERM');
    await monitor?.terminate();
    console.log(`hostile documents:\n${results.join('\n')}`);
  });

  it.each(['synchronous request', 'job'] as const)('every input as a %s ends in a 4xx naming its limit', async (mode) => {
    for (const doc of documents) {
      const expected = EXPECTED[doc.filename]!;
      const started = performance.now();
      results.push(`${new Date().toISOString().slice(11, 23)} ${mode}: ${doc.name}`);
      if (mode === 'synchronous request') {
        const answer = await call<{ error: { code: string; details?: { limit?: string } } }>(url, 'POST', '/v1/documents/parse', { body: requestOf(doc) });
        results.push(`sync ${doc.name}: ${answer.status} ${answer.body.error?.code} (${answer.body.error?.details?.limit}) in ${Math.round(performance.now() - started)} ms`);
        expect(answer.status, doc.name).toBeGreaterThanOrEqual(400);
        expect(answer.status, doc.name).toBeLessThan(500);
        expect(answer.body.error, doc.name).toMatchObject({ code: expected.code, details: { limit: expected.limit } });
      } else {
        const created = await call<Job>(url, 'POST', '/v1/jobs', { body: { endpoint: '/v1/documents/parse', request: requestOf(doc) } });
        expect(created.status, doc.name).toBeLessThan(300);
        const job = await waitFor(
          async () => (await call<Job>(url, 'GET', `/v1/jobs/${created.body.id}`)).body,
          (j) => ['completed', 'failed', 'cancelled', 'expired'].includes(j.status),
          300_000,
          `the job for ${doc.name}`,
        );
        results.push(`job  ${doc.name}: ${job.status} ${job.error?.code} (${(job.error?.details as { limit?: string })?.limit}) after ${job.attempt_count} attempt(s), ${Math.round(performance.now() - started)} ms`);
        expect(job.status, doc.name).toBe('failed');
        expect(job.error, doc.name).toMatchObject({ code: expected.code, details: { limit: expected.limit, status_code: 422 } });
        expect(job.attempt_count, doc.name).toBe(1);
      }
    }
  });

  it('the server never died, /healthz answered within 200 ms throughout, and its RSS stayed under 300 MB', async () => {
    const figures = await new Promise<Figures>((resolve) => {
      monitor.once('message', resolve);
      monitor.postMessage('stop');
    });
    results.push(
      `server: alive=${server.exitCode === null}, /healthz max ${figures.maxHealthMs.toFixed(1)} ms over ${figures.polls} polls (${figures.failures} failed), RSS max ${(figures.maxRssBytes / 1048576).toFixed(0)} MB`,
    );
    if (figures.slow.length) results.push(`slow /healthz answers: ${figures.slow.join(', ')}`);
    expect(server.exitCode).toBeNull();
    expect(server.signalCode).toBeNull();
    expect(figures.failures).toBe(0);
    expect(figures.polls).toBeGreaterThan(20);
    expect(figures.maxHealthMs).toBeLessThan(200);
    expect(figures.maxRssBytes).toBeGreaterThan(0);
    expect(figures.maxRssBytes).toBeLessThan(300 * 1024 * 1024);
  });
});
