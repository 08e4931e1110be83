/**
 * The engine sandbox pool on a real server: documents are read in child processes; a crash fails
 * one attempt and the job completes on retry; cancel stops a running parse and a running OCR
 * within a deadline (killing the sandbox when its step does not yield) and the next job runs; a
 * lease is renewed while a sandbox spins on the CPU for longer than the lease.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Job } from '@jobs-api/api-types';
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { loadConfig } from '../src/config.js';
import { createEnginePool } from '../src/sandbox/pool.js';
import { parseJob, startTestServer, tempDir, waitFor, waitForStatus, type TestServer } from './helpers.js';

const FIXTURES = new URL('../../../packages/documents/fixtures/', import.meta.url);
const fixtureUrl = (name: string, mime: string) => `data:${mime};base64,${readFileSync(new URL(name, FIXTURES)).toString('base64')}`;

let server: TestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/**
 * A server whose one sandbox sees `faultDir` (test-only fault injection). Leases of 10 s, not the
 * helpers' 2 s: on a machine other suites keep busy a 2 s lease can lapse between renewals, and a
 * lost lease would blur what these tests count (attempts, the cause of a failure).
 */
async function serverWithFaults(leaseMs = 10_000): Promise<{ server: TestServer; faultDir: string }> {
  const faultDir = tempDir('jobs-api-faults-');
  mkdirSync(faultDir, { recursive: true });
  const engine = loadConfig({ ENGINE_WORKERS: '1', ENGINE_TEST_FAULT_DIR: faultDir }).engine;
  server = await startTestServer({ engine, leaseMs });
  return { server, faultDir };
}

interface Readiness {
  engine: { mode: string; size: number; live: number; busy: number; queued: number };
}

const readiness = async (s: TestServer) => (await s.call<Readiness>('GET', '/readyz')).body.engine;

async function metric(s: TestServer, name: string): Promise<number> {
  const text = (await s.call<string>('GET', '/metrics')).body;
  return [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))].reduce((sum, m) => sum + Number(m[1]), 0);
}

describe('engine sandbox pool', () => {
  it('starts every sandbox ahead of the first call when asked (a dedicated worker does, before it claims jobs)', async () => {
    const { engine } = loadConfig({ ENGINE_WORKERS: '2' });
    const pool = createEnginePool({
      size: 2,
      heapMb: engine.heapMb,
      rssLimitMb: engine.memoryMb,
      stepTimeoutMs: engine.stepTimeoutMs,
      init: { modelMap: {}, fetchAllowHttp: false, fetchAllowPrivateNetworks: false, limits: engine.limits, ocrWorkers: 1, nice: 0 },
      logger: pino({ level: 'silent' }),
    });
    try {
      expect(pool.stats()).toMatchObject({ live: 0, busy: 0 });
      await pool.prestart();
      expect(pool.stats()).toMatchObject({ size: 2, live: 2, busy: 0, queued: 0 });
      // Ready: a call is dispatched at once, no sandbox is started for it.
      const call = pool.run<{ text: string }>(
        'parse',
        [{ document: { filename: 'a.txt', url: `data:text/plain;base64,${Buffer.from('Total: 561').toString('base64')}` } }],
        [],
        new AbortController().signal,
      );
      expect(pool.stats()).toMatchObject({ live: 2, busy: 1, queued: 0 });
      expect((await call).text).toContain('561');
    } finally {
      await pool.close();
    }
  });

  it('runs the synchronous route and jobs in sandboxes, and reports the pool on /readyz and /metrics', async () => {
    server = (await serverWithFaults()).server;
    const sync = await server.call('POST', '/v1/documents/parse', { body: parseJob('Total: 561').request });
    expect(sync.status).toBe(200);
    expect(sync.body.text).toContain('561');
    const engine = await readiness(server);
    expect(engine).toMatchObject({ mode: 'sandboxed', size: 1, live: 1, busy: 0, queued: 0 });
    expect(await metric(server, 'engine_pool_size')).toBe(1);
    const created = await server.call<Job>('POST', '/v1/jobs', { body: parseJob('Invoice 12398982') });
    const job = await waitForStatus(server, created.body.id, ['completed', 'failed']);
    expect(job.status).toBe('completed');
  });

  it('a sandbox crash fails one attempt; the job completes on retry, and the kill is counted', async () => {
    const { server: s, faultDir } = await serverWithFaults();
    writeFileSync(join(faultDir, 'abort-next'), '');
    const created = await s.call<Job>('POST', '/v1/jobs', { body: parseJob('Total: 561') });
    // Two sandbox starts and a backoff: minutes on a loaded machine, seconds on a quiet one.
    const job = await waitForStatus(s, created.body.id, ['completed', 'failed'], 180_000);
    expect(job.status).toBe('completed');
    expect(job.attempt_count).toBe(2);
    expect(job.last_failure_code).toBe('sandbox_lost');
    expect(await metric(s, 'engine_sandbox_kills_total')).toBe(1);
    expect(await metric(s, 'engine_sandbox_restarts_total')).toBe(1);
  });

  it('a job that kills its sandbox twice fails with resource_exhausted, never a third time', async () => {
    const { server: s, faultDir } = await serverWithFaults();
    writeFileSync(join(faultDir, 'abort-next'), '');
    const created = await s.call<Job>('POST', '/v1/jobs', { body: parseJob('Total: 561') });
    // Re-arm the fault as soon as the first crash consumed it.
    await waitFor(
      async () => (await s.call<Job>('GET', `/v1/jobs/${created.body.id}`)).body,
      (j) => j.last_failure_code === 'sandbox_lost',
      60_000,
    );
    writeFileSync(join(faultDir, 'abort-next'), '');
    const job = await waitForStatus(s, created.body.id, ['completed', 'failed'], 180_000);
    expect(job.status).toBe('failed');
    expect(job.error?.code).toBe('resource_exhausted');
    expect(job.attempt_count).toBe(2);
  });

  it('renews a 2 s lease while the sandbox spins on the CPU for 10 s', async () => {
    const { server: s, faultDir } = await serverWithFaults(2_000);
    // Warm-up: the first request of each route compiles its validator (seconds of blocking on a
    // loaded machine, the request path's own matter), and the first call starts the sandbox.
    const warm = await s.call<Job>('POST', '/v1/jobs', { body: parseJob('warm up') });
    expect((await waitForStatus(s, warm.body.id, ['completed', 'failed'], 60_000)).status).toBe('completed');
    writeFileSync(join(faultDir, 'busy-ms'), '10000');
    const created = await s.call<Job>('POST', '/v1/jobs', { body: parseJob('Total: 561') });
    await waitForStatus(s, created.body.id, ['in_progress']);
    const started = Date.now();
    const job = await waitForStatus(s, created.body.id, ['completed', 'failed'], 120_000);
    // One attempt, completed: the lease was renewed every ~0.7 s while the sandbox spun (a lapsed
    // lease would have been swept, the job requeued as worker_lost and run again).
    expect(job, JSON.stringify(job)).toMatchObject({ status: 'completed', attempt_count: 1, last_failure_code: null });
    expect(Date.now() - started).toBeGreaterThan(5_000);
  });

  it.each([
    ['a 31-page parse', 'real/om_manual_31_pages.pdf', 'application/pdf'],
    ['an OCR job', 'real/booking_confirmation_1.jpg', 'image/jpeg'],
  ])('cancelling %s stops its sandbox within a deadline, and the next job runs', async (_name, fixture, mime) => {
    server = (await serverWithFaults()).server;
    const s = server;
    const created = await s.call<Job>('POST', '/v1/jobs', {
      body: { endpoint: '/v1/documents/parse', request: { document: { filename: fixture.split('/').pop(), url: fixtureUrl(fixture, mime) } } },
    });
    await waitForStatus(s, created.body.id, ['in_progress']);
    await waitFor(
      () => readiness(s),
      (e) => e.busy === 1,
      30_000,
      'the sandbox to be busy',
    );
    // Well inside the work: the sandbox has loaded the document and is reading pages.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await s.call<Job>('GET', `/v1/jobs/${created.body.id}`)).body.status).toBe('in_progress');
    const cancelledAt = performance.now();
    expect((await s.call('POST', `/v1/jobs/${created.body.id}/cancel`, { body: {} })).status).toBe(200);
    await waitFor(
      () => readiness(s),
      (e) => e.busy === 0,
      5_000,
      'the sandbox to stop',
    );
    const stoppedMs = performance.now() - cancelledAt;
    console.log(`${_name}: the sandbox stopped ${Math.round(stoppedMs)} ms after the cancel request was sent`);
    // The pool kills a call that has not stopped 250 ms after its abort (sandbox/pool.ts), so the
    // work stops within a second; this deadline adds what a loaded machine takes to answer the
    // cancel request and the /readyz polls (3 s measured at a load average of 25 on 2 cores).
    expect(stoppedMs).toBeLessThan(5_000);
    const next = await s.call<Job>('POST', '/v1/jobs', { body: parseJob('Next 42') });
    expect((await waitForStatus(s, next.body.id, ['completed', 'failed'], 60_000)).status).toBe('completed');
    expect((await s.call<Job>('GET', `/v1/jobs/${created.body.id}`)).body.status).toBe('cancelled');
  });
});
