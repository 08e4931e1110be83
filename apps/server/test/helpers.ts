/**
 * Test helpers: a real server on an ephemeral port with a fresh DATA_DIR, a JSON client for it, a
 * controllable clock, handlers the test drives, and polling with a deadline (never a bare sleep).
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Job } from '@jobs-api/api-types';
import { pino } from 'pino';
import { startServer, type EndpointDefinition, type RunningServer, type ServerOptions } from '../src/index.js';

export const TEST_KEY = 'sk_test_server_suite_key_0001';

export function tempDir(prefix = 'jobs-api-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface TestServer extends RunningServer {
  url: string;
  dataDir: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answer bodies of every shape, including error bodies, without a cast each
  call<T = any>(method: string, path: string, init?: CallInit): Promise<CallResult<T>>;
  stop(): Promise<void>;
}

export interface CallInit {
  body?: unknown;
  /** A raw body string (malformed JSON tests). */
  rawBody?: string;
  key?: string | null;
  headers?: Record<string, string>;
}

export interface CallResult<T> {
  status: number;
  headers: Headers;
  body: T;
}

/** Fast timings so lifecycle tests finish in milliseconds; a test overrides what it needs. */
export const FAST: Partial<ServerOptions> = {
  pollIntervalMs: 50,
  maintenanceIntervalMs: 50,
  // A worker counts as alive for 3 heartbeats. Tests run API and worker in one process, where the
  // API's first request (~1 s compiling the spec's validators) and the engine's synchronous stretches
  // hold back the worker's heartbeats; at 200 ms (alive for 600 ms) creates on a loaded 2-core
  // machine answered 202 dispatch_delayed with the worker running. 3 × 2 s outlasts those pauses.
  heartbeatIntervalMs: 2000,
  backoffBaseMs: 20,
  backoffMaxMs: 100,
  leaseMs: 2000,
  shutdownGraceMs: 2000,
};

export async function startTestServer(options: ServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDir();
  const server = await startServer({
    env: {},
    port: 0,
    dataDir,
    apiKey: TEST_KEY,
    validateResponses: true,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    ...FAST,
    ...options,
  });
  const url = server.url!;
  return {
    ...server,
    url,
    dataDir,
    call: (method, path, init) => call(url, method, path, init),
    async stop() {
      await server.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function call<T>(baseUrl: string, method: string, path: string, init: CallInit = {}): Promise<CallResult<T>> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.key !== null) headers['Api-Key'] = init.key ?? TEST_KEY;
  let body: string | undefined;
  if (init.rawBody !== undefined) body = init.rawBody;
  else if (init.body !== undefined) body = JSON.stringify(init.body);
  if (body !== undefined) headers['Content-Type'] ??= 'application/json';
  const res = await fetch(baseUrl + path, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body: parsed as T };
}

/** Polls `probe` until `done` holds, failing after `timeoutMs` with the last value seen. */
export async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
    last = await probe();
    if (done(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)?.slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, delay));
  }
}

/** Polls a job until its status is one of `statuses`. */
export function waitForStatus(server: TestServer, jobId: string, statuses: string[], timeoutMs = 30_000): Promise<Job> {
  return waitFor(
    async () => (await server.call<Job>('GET', `/v1/jobs/${jobId}?include_response=true`)).body,
    (job) => statuses.includes(job.status),
    timeoutMs,
    `job ${jobId} to become ${statuses.join('|')}`,
  ).then((j) => j);
}

export function dataUrl(text: string, mimeType = 'text/plain'): string {
  return `data:${mimeType};base64,${Buffer.from(text).toString('base64')}`;
}

/** A valid parse job body for an inline text document. */
export function parseJob(text = 'Invoice number: 12398982\nTotal: 561', extra: Record<string, unknown> = {}) {
  return { endpoint: '/v1/documents/parse', request: { document: { filename: 'invoice.txt', url: dataUrl(text) } }, ...extra };
}

/** A clock the test moves by hand. */
export function manualClock(start = Date.now()) {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
  };
}

/** A promise with its resolve/reject outside (Node 20 has no Promise.withResolvers). */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * A parse handler the test drives: each call waits for `release()` (or the abort signal) and
 * records what happened to it.
 */
export function gatedParseHandler() {
  const calls: { request: unknown; signal: AbortSignal; aborted: boolean; finished: boolean }[] = [];
  const started = deferred<void>();
  let gate = deferred<unknown>();
  const definition: EndpointDefinition<'/v1/documents/parse'> = {
    endpoint: '/v1/documents/parse',
    async handle(request, ctx) {
      const call = { request, signal: ctx.signal, aborted: false, finished: false };
      calls.push(call);
      started.resolve();
      const aborted = new Promise<never>((_, reject) =>
        ctx.signal.addEventListener('abort', () => {
          call.aborted = true;
          reject(ctx.signal.reason);
        }),
      );
      const outcome = await Promise.race([gate.promise, aborted]);
      call.finished = true;
      if (outcome instanceof Error) throw outcome;
      return outcome as never;
    },
  };
  return {
    definition,
    calls,
    started: started.promise,
    /** Lets waiting calls finish with `body` (or throw it when it is an Error). */
    release(body: unknown) {
      gate.resolve(body);
      gate = deferred<unknown>();
    },
  };
}

export const PARSE_BODY = {
  document: { filename: 'invoice.txt', mime_type: 'text/plain' },
  usage: { page_count: 1, credits: 1 },
  pages: ['hello'],
  text: 'hello',
};

/** The files of a server's filesystem blob store (DATA_DIR/blobs), relative to its sha256 folder. */
export function blobFilesOf(server: TestServer): string[] {
  const root = join(server.dataDir, 'blobs', 'sha256');
  try {
    return readdirSync(root, { recursive: true })
      .map(String)
      .filter((f) => statSync(join(root, f)).isFile());
  } catch {
    return [];
  }
}
