/**
 * Traces from request to result, through real processes (the built CLI) exporting OTLP/HTTP
 * `http/json` to a receiver in this test: a create sent with a W3C `traceparent` is followed into
 * the HTTP span, the create span, the attempt span in the worker and the engine's step spans in
 * the sandbox, with the job id on each; on SQLite (one `serve` process) and on PostgreSQL (an `api`
 * and a `worker` process). With tracing off, the process never loads an OpenTelemetry SDK module.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Job } from '@jobs-api/api-types';
import { afterEach, describe, expect, it } from 'vitest';
import { call, parseJob, tempDir, TEST_KEY, waitFor } from './helpers.js';
import { descendsFrom, SPAN_KIND, startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './otlpReceiver.js';
import { announcePostgres, createTestDatabase, type TestDatabase } from './postgres/testDatabase.js';

const cli = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const recordModules = fileURLToPath(new URL('./fixtures/record-opentelemetry-modules.mjs', import.meta.url));
// Deadlines, not speed targets (see processes.test.ts): a process loading the server (and, here,
// the SDK) takes seconds on a quiet machine and far longer on a busy one.
const SPAWN_DEADLINE_MS = 90_000;
const STATE_DEADLINE_MS = 60_000;

const children: ChildProcess[] = [];
const receivers: OtlpReceiver[] = [];
const databases: TestDatabase[] = [];

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const r of receivers.splice(0)) await r.close();
  for (const d of databases.splice(0)) await d.drop();
});

interface Started {
  child: ChildProcess;
  /** The URL (api/serve) or worker id the process printed when it started. */
  printed: string;
  output: () => string;
}

/** The environment without any OTEL_* variable of the machine running the tests. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('OTEL_')));
}

async function spawnCli(command: string, env: Record<string, string>, modulesFile: string): Promise<Started> {
  const match = command === 'worker' ? /Jobs API worker (\S+) running/ : /Jobs API listening on (\S+)/;
  const child = spawn(process.execPath, ['--import', recordModules, cli, command], {
    env: { ...cleanEnv(), LOG_LEVEL: 'info', PORT: '0', HOST: '127.0.0.1', JOBS_API_KEY: TEST_KEY, RECORD_MODULES_FILE: modulesFile, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const printed = await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`jobs-api ${command} exited early (${child.exitCode}):\n${out}`);
      return match.exec(out)?.[1];
    },
    (p) => p !== undefined,
    SPAWN_DEADLINE_MS,
    `jobs-api ${command} to start`,
  );
  return { child, printed: printed!, output: () => out };
}

const tracingEnv = (receiver: OtlpReceiver) => ({
  OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
  OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
  // Export within a tenth of a second rather than the default 5 s; the test polls with a deadline anyway.
  OTEL_BSP_SCHEDULE_DELAY: '100',
  OTEL_SERVICE_NAME: 'jobs-api-under-test',
});

const fastWorker = { WORKER_POLL_MS: '50', MAINTENANCE_INTERVAL_MS: '200', ENGINE_WORKERS: '1' };

function newTraceparent(): { traceId: string; parentId: string; header: string } {
  const traceId = randomBytes(16).toString('hex');
  const parentId = randomBytes(8).toString('hex');
  return { traceId, parentId, header: `00-${traceId}-${parentId}-01` };
}

async function createAndComplete(apiUrl: string, traceparent: string): Promise<Job> {
  const created = await call<Job>(apiUrl, 'POST', '/v1/jobs', { body: parseJob(), headers: { traceparent } });
  expect(created.status).toBe(200);
  return waitFor(
    () => call<Job>(apiUrl, 'GET', `/v1/jobs/${created.body.id}`).then((r) => r.body),
    (job) => job.status === 'completed' || job.status === 'failed',
    STATE_DEADLINE_MS,
    'the job to finish',
  );
}

interface TraceOfJob {
  all: ReceivedSpan[];
  http: ReceivedSpan;
  create: ReceivedSpan;
  attempt: ReceivedSpan;
  engineCall: ReceivedSpan;
  steps: ReceivedSpan[];
}

/** Waits until the receiver holds the whole trace of the job (create, attempt, engine steps) and answers its spans. */
async function traceOf(receiver: OtlpReceiver, traceId: string, jobId: string): Promise<TraceOfJob> {
  const spans = await waitFor(
    async () => receiver.spans().filter((s) => s.traceId === traceId),
    (inTrace) =>
      inTrace.some((s) => s.name === 'create /v1/documents/parse') &&
      inTrace.some((s) => s.name === 'process /v1/documents/parse') &&
      inTrace.some((s) => s.scope === '@jobs-api/documents'),
    STATE_DEADLINE_MS,
    `the spans of job ${jobId} at the receiver`,
  );
  const one = (predicate: (s: ReceivedSpan) => boolean, what: string) => {
    const found = spans.filter(predicate);
    expect(found, what).toHaveLength(1);
    return found[0]!;
  };
  return {
    all: spans,
    http: one((s) => s.kind === SPAN_KIND.server && s.name === 'POST /v1/jobs', 'the HTTP server span of the create'),
    create: one((s) => s.name === 'create /v1/documents/parse', 'the create span'),
    attempt: one((s) => s.name === 'process /v1/documents/parse', 'the attempt span'),
    engineCall: one((s) => s.name === 'engine parse', 'the engine call span'),
    steps: spans.filter((s) => s.scope === '@jobs-api/documents'),
  };
}

/** What both engines must show: the chain from the client's traceparent to the engine's steps. */
function expectConnectedTrace(t: TraceOfJob, parentId: string, job: Job): void {
  // The incoming traceparent is honoured: the HTTP span is the client span's child.
  expect(t.http.parentSpanId).toBe(parentId);
  expect(descendsFrom(t.create, t.http.spanId, t.all)).toBe(true);
  expect(t.create).toMatchObject({
    kind: SPAN_KIND.producer,
    attributes: expect.objectContaining({
      'jobs_api.job.id': job.id,
      'jobs_api.job.endpoint': '/v1/documents/parse',
      'messaging.system': 'jobs_api',
      'messaging.operation.type': 'send',
      'messaging.message.id': job.id,
    }),
  });
  // The first attempt is the create span's child.
  expect(t.attempt.parentSpanId).toBe(t.create.spanId);
  expect(t.attempt).toMatchObject({
    kind: SPAN_KIND.consumer,
    attributes: expect.objectContaining({
      'jobs_api.job.id': job.id,
      'jobs_api.job.attempt': 1,
      'jobs_api.job.outcome': 'completed',
      'messaging.operation.type': 'process',
    }),
  });
  expect(t.engineCall.parentSpanId).toBe(t.attempt.spanId);
  // The engine's steps ran in the sandbox (another process) and sit under the attempt.
  expect(t.steps.map((s) => s.name)).toContain('engine.parse');
  for (const step of t.steps) {
    expect(descendsFrom(step, t.attempt.spanId, t.all), `${step.name} under the attempt`).toBe(true);
  }
  for (const span of [t.create, t.attempt, t.engineCall, ...t.steps]) {
    expect(span.attributes['jobs_api.job.id'], `job id on ${span.name}`).toBe(job.id);
    expect(span.resource['service.name']).toBe('jobs-api-under-test');
  }
}

/** The log lines of a process that carry `trace_id` (JSON lines only). */
function logTraceIds(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => (JSON.parse(line) as { trace_id?: string }).trace_id)
    .filter((id): id is string => typeof id === 'string');
}

function modulesLoaded(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

describe('traces', { timeout: 300_000 }, () => {
  it('serve (SQLite): the create with a traceparent, its attempt and the engine steps form one trace at the OTLP receiver; logs carry trace_id', async () => {
    const receiver = await startOtlpReceiver();
    receivers.push(receiver);
    const dir = tempDir();
    const modules = join(dir, 'modules.txt');
    const server = await spawnCli('serve', { DATA_DIR: join(dir, 'data'), ...fastWorker, ...tracingEnv(receiver) }, modules);
    const { traceId, parentId, header } = newTraceparent();

    const job = await createAndComplete(server.printed, header);
    expect(job.status).toBe('completed');
    const t = await traceOf(receiver, traceId, job.id);
    expectConnectedTrace(t, parentId, job);
    expect(receiver.rejected()).toBe(0);
    // Logs and traces join: the request's log line names the trace.
    expect(logTraceIds(server.output())).toContain(traceId);
    // The SDK is what exported all this (and the module recorder sees it load).
    expect(modulesLoaded(modules).some((url) => url.includes('/@opentelemetry/sdk-node/'))).toBe(true);
  });

  it('tracing off: no OpenTelemetry SDK, exporter or instrumentation module is loaded, and logs carry no trace_id', async () => {
    const dir = tempDir();
    const modules = join(dir, 'modules.txt');
    const server = await spawnCli('serve', { DATA_DIR: join(dir, 'data'), ...fastWorker }, modules);
    const job = await createAndComplete(server.printed, newTraceparent().header);
    expect(job.status).toBe('completed');
    const loaded = modulesLoaded(modules);
    // The API package (no-op without an SDK) is all there is.
    expect(loaded.filter((url) => !url.includes('/@opentelemetry/api/'))).toEqual([]);
    expect(logTraceIds(server.output())).toEqual([]);
  });

  const postgres = announcePostgres('PostgreSQL tracing test');
  it.skipIf(!postgres)('PostgreSQL api + worker processes: one trace from the create in the api to the attempt and engine steps in the worker', async () => {
    const receiver = await startOtlpReceiver();
    receivers.push(receiver);
    const database = await createTestDatabase();
    databases.push(database);
    const dir = tempDir();
    const env = { DATABASE_URL: database.url, DATA_DIR: join(dir, 'data'), ...fastWorker, ...tracingEnv(receiver) };
    const api = await spawnCli('api', env, join(dir, 'api-modules.txt'));
    const worker = await spawnCli('worker', env, join(dir, 'worker-modules.txt'));
    const { traceId, parentId, header } = newTraceparent();

    const job = await createAndComplete(api.printed, header);
    expect(job.status).toBe('completed');
    const t = await traceOf(receiver, traceId, job.id);
    expectConnectedTrace(t, parentId, job);
    // Two processes: the create in the api, the attempt and the engine in the worker.
    expect(t.create.resource['process.pid']).toBe(api.child.pid);
    expect(t.attempt.resource['process.pid']).toBe(worker.child.pid);
    for (const step of t.steps) expect(step.resource['process.pid']).toBe(worker.child.pid);
    // The pg instrumentation: the insert under the create, the outcome's write under the attempt, with the job id.
    const sql = t.all.filter((s) => s.scope === '@opentelemetry/instrumentation-pg' && s.kind === SPAN_KIND.client);
    expect(sql.some((s) => descendsFrom(s, t.create.spanId, t.all) && s.attributes['jobs_api.job.id'] === job.id)).toBe(true);
    expect(sql.some((s) => descendsFrom(s, t.attempt.spanId, t.all) && s.attributes['jobs_api.job.id'] === job.id)).toBe(true);
    expect(logTraceIds(api.output())).toContain(traceId);

    // Stopped gracefully, the processes end with their exporters flushed (nothing hangs).
    api.child.kill('SIGTERM');
    worker.child.kill('SIGTERM');
    await waitFor(
      async () => [api.child.exitCode, worker.child.exitCode],
      (codes) => codes.every((c) => c !== null),
      STATE_DEADLINE_MS,
      'both processes to exit',
    );
  });
});
