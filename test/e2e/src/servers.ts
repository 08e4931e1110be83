/**
 * The two deployments the suite needs, started in this process on ephemeral ports with fresh data
 * directories (or taken from the environment to run the suite against servers started elsewhere):
 *
 *   jobs    API + worker (`serve`): jobs run to completion or failure.
 *   queued  API only (`api`), no worker anywhere: every job stays `queued` and create answers 202
 *           `dispatch_delayed`. This is what makes cancel and retry deterministic over plain HTTP:
 *           on `jobs` a parse finishes in milliseconds, so a cancel would race the worker.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '@jobs-api/server';
import type { Deployment } from './http.js';

export interface E2eDeployments {
  jobs: Deployment;
  queued: Deployment;
  stop(): Promise<void>;
}

export const E2E_API_KEY = 'sk_test_e2e_suite_key_000001';

export interface StartOptions {
  /**
   * Let the server validate its own answers (a bad one becomes a 500). On for the direct run; off
   * behind a validating proxy, which must see the server's answers exactly as they are.
   */
  validateResponses: boolean;
}

/** The deployments from E2E_BASE_URL / E2E_QUEUED_BASE_URL / E2E_API_KEY, when all are set. */
export function deploymentsFromEnv(env: NodeJS.ProcessEnv = process.env): E2eDeployments | undefined {
  const { E2E_BASE_URL, E2E_QUEUED_BASE_URL, E2E_API_KEY: key } = env;
  if (!E2E_BASE_URL || !E2E_QUEUED_BASE_URL || !key) return undefined;
  return { jobs: { baseUrl: E2E_BASE_URL, apiKey: key }, queued: { baseUrl: E2E_QUEUED_BASE_URL, apiKey: key }, stop: async () => {} };
}

/** Starts both deployments; `stop()` closes them and deletes their data directories. */
export async function startDeployments({ validateResponses }: StartOptions): Promise<E2eDeployments> {
  const started: { server: RunningServer; dataDir: string }[] = [];
  const stop = async () => {
    await Promise.all(started.map(({ server }) => server.close()));
    for (const { dataDir } of started) rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const start = async (mode: 'serve' | 'api') => {
      const dataDir = mkdtempSync(join(tmpdir(), `jobs-api-e2e-${mode}-`));
      const server = await startServer({
        env: {},
        mode,
        port: 0,
        dataDir,
        apiKey: E2E_API_KEY,
        validateResponses,
        logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
        // Fast worker loop: the suite polls for outcomes and should not wait on a 1 s poll.
        pollIntervalMs: 50,
        maintenanceIntervalMs: 200,
        shutdownGraceMs: 2_000,
      });
      started.push({ server, dataDir });
      return { baseUrl: server.url!, apiKey: E2E_API_KEY };
    };
    const [jobs, queued] = await Promise.all([start('serve'), start('api')]);
    return { jobs, queued, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
