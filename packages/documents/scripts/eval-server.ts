/**
 * The Jobs API server the quality harness talks to, and a minimal client for it. The harness is
 * an API client on purpose: it scores through eval projects and `/v1/evals/*`, the one way
 * extraction is scored. This package must not depend on the server (the server depends on it),
 * so the server is started as a child process from the repository's build
 * (`apps/server/dist/main.js serve`, built by the `eval` npm script first), on a free port with a
 * throwaway data directory; or `EVAL_BASE_URL` + `EVAL_API_KEY` point the harness at a running one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** A running server the harness can call. */
export interface EvalServer {
  baseUrl: string;
  apiKey: string;
  /** Stops the server if the harness started it (and removes its data directory). */
  stop(): Promise<void>;
}

/** How long the spawned server may take to say it listens (migrations, first start on a busy machine). */
const START_TIMEOUT_MS = 60_000;

export async function startEvalServer(): Promise<EvalServer> {
  const given = process.env.EVAL_BASE_URL;
  if (given) {
    const apiKey = process.env.EVAL_API_KEY;
    if (!apiKey) throw new Error('EVAL_BASE_URL needs EVAL_API_KEY');
    return { baseUrl: given.replace(/\/$/, ''), apiKey, stop: async () => undefined };
  }
  const main = path.join(repoRoot, 'apps/server/dist/main.js');
  if (!fs.existsSync(main)) throw new Error(`${main} is missing: build the server first (npm run build)`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jobs-api-eval-'));
  const apiKey = `sk_eval_${randomBytes(16).toString('hex')}`;
  // The embedded default (SQLite and blobs in the throwaway directory), whatever the shell points at.
  const { DATABASE_URL: _database, BLOB_URL: _blobs, ...env } = process.env;
  const child = spawn(process.execPath, [main, 'serve'], {
    env: { ...env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, JOBS_API_KEY: apiKey, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = async () => {
    await stopChild(child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    return { baseUrl: await listeningUrl(child), apiKey, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The URL from the CLI's "Jobs API listening on <url> ..." line. */
function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the server did not start within ${START_TIMEOUT_MS / 1000} s:\n${output}`)), START_TIMEOUT_MS);
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      output += chunk;
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (code ${code}) before listening:\n${output}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** A JSON call; throws with the error body on anything but 200. */
export async function callApi<T>(server: EvalServer, method: string, route: string, body?: unknown): Promise<T> {
  const response = await fetch(server.baseUrl + route, {
    method,
    headers: { 'Api-Key': server.apiKey, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${method} ${route} answered ${response.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

interface JobAnswer {
  id: string;
  status: string;
  error: { code: string; message: string } | null;
  response: { status_code: number; body: unknown } | null;
}

/**
 * One poll of a job; undefined on a network error. A loaded machine can hold the server's event
 * loop past its keep-alive timeout, and the client then reuses a socket the server is closing
 * (ECONNRESET): a GET is safe to send again.
 */
async function pollOnce(server: EvalServer, jobId: string): Promise<JobAnswer | undefined> {
  try {
    return await callApi<JobAnswer>(server, 'GET', `/v1/jobs/${jobId}?include_response=true`);
  } catch (error) {
    if (error instanceof TypeError) return undefined;
    throw error;
  }
}

/** Runs a target endpoint as a job and answers its 200 body (polling, with a deadline). */
export async function runJob<T>(server: EvalServer, endpoint: string, request: Record<string, unknown>, timeoutMs = 15 * 60_000): Promise<T> {
  const job = await callApi<JobAnswer>(server, 'POST', '/v1/jobs', { endpoint, request });
  const deadline = Date.now() + timeoutMs;
  for (let delay = 50; ; delay = Math.min(delay * 2, 1000)) {
    const current = await pollOnce(server, job.id);
    if (!current) {
      if (Date.now() > deadline) throw new Error(`${endpoint} job ${job.id}: the server stopped answering`);
      await new Promise((resolve) => setTimeout(resolve, delay));
      continue;
    }
    if (current.status === 'completed') return current.response!.body as T;
    if (['failed', 'cancelled', 'expired'].includes(current.status)) {
      throw new Error(`${endpoint} job ${job.id} ${current.status}: ${current.error?.code} ${current.error?.message}`);
    }
    if (Date.now() > deadline) throw new Error(`${endpoint} job ${job.id} still ${current.status} after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
