import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '@jobs-api/api-types';
import { notImplementedEndpoint } from './notImplementedEndpoint.js';
import { parseJob, startTestServer, waitForStatus, type TestServer } from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  // Every engine may be built by now: the 501 path is exercised with an endpoint made not-implemented here.
  server = await startTestServer({ endpointOverrides: { '/v1/evals/split/process': notImplementedEndpoint('/v1/evals/split/process') } });
});
afterAll(() => server.stop());

describe('operational routes', () => {
  it('/healthz answers without a key', async () => {
    const res = await server.call('GET', '/healthz', { key: null });
    expect(res).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('/readyz checks the database and lists live workers', async () => {
    const res = await server.call('GET', '/readyz', { key: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ready', checks: { database: 'ok', workers: 'ok' } });
    expect(res.body.workers).toEqual([expect.objectContaining({ id: server.worker!.id, pid: process.pid })]);
  });

  it('/metrics exposes job counters, run durations, queue depth and lease losses', async () => {
    await server.call('POST', '/v1/jobs', { body: parseJob() });
    const res = await fetch(`${server.url}/metrics`);
    const text = await res.text();
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(text).toMatch(/jobs_created_total\{endpoint="\/v1\/documents\/parse"\} 1/);
    for (const name of ['jobs_finished_total', 'job_run_duration_seconds', 'jobs_queue_depth', 'job_lease_losses_total']) expect(text).toContain(name);
  });

  it('serves the spec as YAML and JSON', async () => {
    const json = await server.call('GET', '/openapi.json', { key: null });
    expect(json.body.openapi).toBe('3.1.0');
    const yaml = await fetch(`${server.url}/openapi.yaml`);
    expect(await yaml.text()).toMatch(/^openapi: 3\.1\.0/m);
  });

  it('answers 501 not_implemented for a target endpoint whose engine is not built yet, and fails its job', async () => {
    const sync = await server.call('POST', '/v1/evals/split/process', { body: { project_id: 'proj_x' } });
    expect(sync.status).toBe(501);
    expect(sync.body.error.code).toBe('not_implemented');
    const job = await server.call<Job>('POST', '/v1/jobs', { body: { endpoint: '/v1/evals/split/process', request: { project_id: 'proj_x' } } });
    const failed = await waitForStatus(server, job.body.id, ['failed', 'completed']);
    expect(failed).toMatchObject({ status: 'failed', attempt_count: 1, error: { code: 'not_implemented', details: { status_code: 501 } } });
  });
});
