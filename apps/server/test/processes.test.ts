/**
 * Real processes: a worker killed with SIGKILL mid-job, graceful SIGTERM, the CLI.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { Job } from '@jobs-api/api-types';
import { describe, expect, it } from 'vitest';
import { call, parseJob, tempDir, TEST_KEY, waitFor } from './helpers.js';
import { spawnedProcesses, type Spawned } from './spawnedProcesses.js';

const fixture = fileURLToPath(new URL('./fixtures/worker-process.mjs', import.meta.url));
const cli = fileURLToPath(new URL('../dist/main.js', import.meta.url));
// Deadlines, not speed targets: a node process that loads the server takes a second on a quiet
// machine and far longer while other suites (chaos, benchmarks) keep both cores busy.
const SPAWN_DEADLINE_MS = 90_000;
const STATE_DEADLINE_MS = 60_000;

const spawnLine = spawnedProcesses();

/** Starts node with `args` and resolves once it printed `ready <url>` (or the line `match`). */
const spawnUntil = (args: string[], env: Record<string, string>, match = /^ready (\S*)/m) =>
  spawnLine(process.execPath, args, { env, line: match, deadlineMs: SPAWN_DEADLINE_MS });

/** Creates a parse job on `server`, SIGTERMs the server once the job runs, and checks it exits with 0; answers the job. */
async function sigtermWhileRunning(server: Spawned): Promise<Job> {
  const { body: job } = await call<Job>(server.url, 'POST', '/v1/jobs', { body: parseJob() });
  await waitFor(
    () => call<Job>(server.url, 'GET', `/v1/jobs/${job.id}`).then((r) => r.body.status),
    (s) => s === 'in_progress',
    STATE_DEADLINE_MS,
  );
  server.child.kill('SIGTERM');
  const [code] = await once(server.child, 'exit');
  expect(code).toBe(0);
  return job;
}

const baseEnv = (dataDir: string) => ({
  DATA_DIR: dataDir,
  JOBS_API_KEY: TEST_KEY,
  JOB_LEASE_SECONDS: '1',
  WORKER_POLL_MS: '50',
  MAINTENANCE_INTERVAL_MS: '100',
  WORKER_HEARTBEAT_MS: '200',
});

describe('processes', { timeout: 300_000 }, () => {
  it('a worker killed with SIGKILL mid-job: the job completes on another worker after the lease expires', async () => {
    const dataDir = tempDir();
    const api = await spawnUntil([fixture], { ...baseEnv(dataDir), MODE: 'api' });
    const doomed = await spawnUntil([fixture], { ...baseEnv(dataDir), MODE: 'worker', HANDLER: 'block' });
    const created = await call<Job>(api.url, 'POST', '/v1/jobs', { body: parseJob() });
    expect(created.status).toBe(200);
    const id = created.body.id;
    await waitFor(
      () => call<Job>(api.url, 'GET', `/v1/jobs/${id}`).then((r) => r.body),
      (j) => j.status === 'in_progress',
      STATE_DEADLINE_MS,
      'the doomed worker to claim',
    );
    doomed.child.kill('SIGKILL');
    await once(doomed.child, 'exit');

    const survivor = await spawnUntil([fixture], { ...baseEnv(dataDir), MODE: 'worker', HANDLER: 'complete' });
    const done = await waitFor(
      () => call<Job>(api.url, 'GET', `/v1/jobs/${id}?include_response=true`).then((r) => r.body),
      (j) => j.status === 'completed' || j.status === 'failed',
      STATE_DEADLINE_MS,
      'the job to complete on the surviving worker',
    );
    expect(done.status).toBe('completed');
    expect(done.attempt_count).toBe(2);
    expect(done.last_failure_code).toBe('worker_lost');
    expect((done.response!.body as { text: string }).text).toBe(`done by ${survivor.child.pid}`);
  });

  it('SIGTERM lets a running job finish before the process exits', async () => {
    const dataDir = tempDir();
    const server = await spawnUntil([fixture], { ...baseEnv(dataDir), MODE: 'serve', HANDLER: 'slow', SLOW_MS: '500', JOB_LEASE_SECONDS: '30' });
    const job = await sigtermWhileRunning(server);
    const after = await spawnUntil([fixture], { ...baseEnv(dataDir), MODE: 'api' });
    const final = await call<Job>(after.url, 'GET', `/v1/jobs/${job.id}`);
    expect(final.body.status).toBe('completed');
  });

  it('SIGTERM releases a job that does not finish within the grace period (refunded, runs again elsewhere)', async () => {
    const dataDir = tempDir();
    const env = { ...baseEnv(dataDir), JOB_LEASE_SECONDS: '30', SHUTDOWN_GRACE_MS: '200' };
    const server = await spawnUntil([fixture], { ...env, MODE: 'serve', HANDLER: 'block' });
    const job = await sigtermWhileRunning(server);
    const next = await spawnUntil([fixture], { ...env, MODE: 'serve', HANDLER: 'complete' });
    const done = await waitFor(
      () => call<Job>(next.url, 'GET', `/v1/jobs/${job.id}`).then((r) => r.body),
      (j) => j.status === 'completed',
      STATE_DEADLINE_MS,
    );
    expect(done.last_failure_code).toBe('worker_shutdown');
    expect(done.attempt_count).toBe(2);
  });

  it('CLI: keys create / list / revoke, and a first start prints a new key once', async () => {
    const dataDir = tempDir();
    const run = async (...args: string[]) => {
      const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' } });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      const [code] = await once(child, 'exit');
      return { code, out };
    };
    const first = await spawnUntil([cli, 'serve'], { DATA_DIR: dataDir, PORT: '0', JOBS_API_KEY: '' }, /^Jobs API listening on (\S+)/m);
    const key = /Api-Key: (sk_\w+)/.exec(first.output())?.[1];
    expect(key).toBeDefined();
    expect((await call(first.url, 'GET', '/v1/jobs', { key })).status).toBe(200);
    first.child.kill('SIGTERM');
    await once(first.child, 'exit');
    const second = await spawnUntil([cli, 'serve'], { DATA_DIR: dataDir, PORT: '0', JOBS_API_KEY: '' }, /^Jobs API listening on (\S+)/m);
    expect(second.output()).not.toMatch(/Api-Key: sk_/);
    second.child.kill('SIGTERM');
    await once(second.child, 'exit');

    const created = await run('keys', 'create', '--org', 'org_cli', '--json');
    expect(created.code).toBe(0);
    const { key: cliKey, prefix } = JSON.parse(created.out) as { key: string; prefix: string };
    const listed = await run('keys', 'list', '--json');
    expect(JSON.parse(listed.out)).toEqual(expect.arrayContaining([expect.objectContaining({ organization_id: 'org_cli', prefix, revoked_at: null })]));
    expect(listed.out).not.toContain(cliKey);
    expect((await run('keys', 'revoke', prefix)).code).toBe(0);
    const relisted = JSON.parse((await run('keys', 'list', '--json')).out) as { prefix: string; revoked_at: number | null }[];
    expect(relisted.find((k) => k.prefix === prefix)!.revoked_at).not.toBeNull();
    expect((await run('keys', 'create')).code).toBe(2);
  });
});
