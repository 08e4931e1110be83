/**
 * Real servers for the contract tests: `startServer` from @jobs-api/server on an ephemeral port with
 * a fresh DATA_DIR, the server validating its own answers, plus what the tests use to put jobs in
 * every status: a clock the test moves, and handlers the test holds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobEndpoint } from '@jobs-api/api-types';
import { createJobsClient, type FetchLike, type JobsClient } from '@jobs-api/client';
import { startServer, type EndpointDefinition, type RunningServer, type ServerOptions } from '@jobs-api/server';

export const CONTRACT_API_KEY = 'sk_test_contract_suite_key_01';
export const ORGANIZATION_ID = 'org_default';

export interface ContractServer {
  url: string;
  server: RunningServer;
  stop(): Promise<void>;
}

export async function startContractServer(options: ServerOptions = {}): Promise<ContractServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'jobs-api-contract-'));
  try {
    const server = await startServer({
      env: {},
      port: 0,
      dataDir,
      apiKey: CONTRACT_API_KEY,
      validateResponses: true,
      logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
      // A fast worker loop: the tests poll for outcomes.
      pollIntervalMs: 50,
      maintenanceIntervalMs: 100,
      heartbeatIntervalMs: 500,
      backoffBaseMs: 20,
      backoffMaxMs: 100,
      shutdownGraceMs: 1_000,
      // The per-second window follows the server's clock; a test clock that stands still would turn
      // polling into 429s. Rate limiting is not what these tests are about.
      rateLimitPerSecond: 0,
      ...options,
    });
    return {
      url: server.url!,
      server,
      async stop() {
        await server.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** The typed client for a server; `fetch` is injected so every answer can be checked on the way. */
export function clientFor(url: string, fetchImpl?: FetchLike): JobsClient {
  // maxRetries 0: a retried answer would hide the first one from the checks.
  return createJobsClient({ baseUrl: url, apiKey: CONTRACT_API_KEY, maxRetries: 0, timeoutMs: 60_000, fetch: fetchImpl });
}

/** A clock that only moves when the test says so. */
export function manualClock(start = Date.now()) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

/**
 * A handler for `endpoint` that never finishes on its own: each call waits for its AbortSignal
 * (cancel, expiry, shutdown) and then rejects with the signal's reason. A job running it stays
 * `in_progress` for as long as the test needs. `started` counts the calls.
 */
export function heldHandler<E extends JobEndpoint>(endpoint: E): EndpointDefinition<E> & { started: number } {
  const definition = {
    endpoint,
    started: 0,
    handle(_request: unknown, ctx: { signal: AbortSignal }) {
      definition.started += 1;
      return new Promise<never>((_, reject) => {
        if (ctx.signal.aborted) reject(ctx.signal.reason);
        ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true });
      });
    },
  };
  return definition as unknown as EndpointDefinition<E> & { started: number };
}
