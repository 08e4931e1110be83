/**
 * What the official Retab SDKs require of the wire (docs/architecture.md, "Wire compatibility").
 */
import type { Job, JobList } from '@jobs-api/api-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJob, startTestServer, TEST_KEY, type TestServer } from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ mode: 'api' });
});
afterAll(() => server.stop());

describe('wire compatibility with the official SDKs', () => {
  it('answers Content-Type: application/json exactly (no charset) on success and on error', async () => {
    const created = await server.call<Job>('POST', '/v1/jobs', { body: parseJob() });
    const answers = [
      created,
      await server.call('GET', `/v1/jobs/${created.body.id}`),
      await server.call('GET', '/v1/jobs?limit=20&order=desc'),
      await server.call('POST', `/v1/jobs/${created.body.id}/cancel`, { body: {} }),
      await server.call('GET', '/v1/jobs/job_missing', {}),
      await server.call('GET', '/v1/jobs', { key: null }),
    ];
    for (const a of answers) expect(a.headers.get('content-type')).toBe('application/json');
  });

  it('takes the raw key in Api-Key, and cancel/retry with an empty JSON body', async () => {
    const created = await server.call<Job>('POST', '/v1/jobs', { body: parseJob() });
    const res = await fetch(`${server.url}/v1/jobs/${created.body.id}/cancel`, {
      method: 'POST',
      headers: { 'Api-Key': TEST_KEY, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(200);
    const retry = await fetch(`${server.url}/v1/jobs/${created.body.id}/retry`, {
      method: 'POST',
      headers: { 'Api-Key': TEST_KEY, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(retry.status).toBe(200);
    // With no body at all too.
    const bare = await fetch(`${server.url}/v1/jobs/${created.body.id}/cancel`, { method: 'POST', headers: { 'Api-Key': TEST_KEY } });
    expect(bare.status).toBe(200);
  });

  it('reads stringified query values: booleans, comma-joined arrays, metadata as a JSON string', async () => {
    const created = await server.call<Job>('POST', '/v1/jobs', { body: { ...parseJob('sdk'), metadata: { source: 'sdk' } } });
    const query = new URLSearchParams({
      limit: '20',
      order: 'desc',
      status: 'queued,in_progress',
      include_request: 'true',
      include_response: 'false',
      metadata: JSON.stringify({ source: 'sdk' }),
    });
    const res = await server.call<JobList>('GET', `/v1/jobs?${query}`);
    expect(res.status).toBe(200);
    expect(res.body.data.map((j) => j.id)).toEqual([created.body.id]);
    expect(res.body.data[0]!.request).not.toBeNull();
    const got = await server.call<Job>('GET', `/v1/jobs/${created.body.id}?include_request=false&include_response=true`);
    expect(got.body.request).toBeNull();
  });

  it('carries the fields the SDKs need, with integer timestamps and string metadata values', async () => {
    const job = (await server.call<Job>('POST', '/v1/jobs', { body: { ...parseJob(), metadata: { a: '1' } } })).body;
    expect(job).toMatchObject({ object: 'job', status: 'queued', endpoint: '/v1/documents/parse', organization_id: 'org_default', metadata: { a: '1' } });
    expect(Number.isInteger(job.created_at) && Number.isInteger(job.expires_at)).toBe(true);
    expect(job.id).toMatch(/^job_[A-Za-z0-9_-]{21}$/);
    expect(job.request_gcs_paths).toBeNull();
  });

  it('echoes x-request-id, and keeps a well-formed one the caller sent', async () => {
    const res = await server.call('GET', '/v1/jobs', { headers: { 'x-request-id': 'trace-1234567890' } });
    expect(res.headers.get('x-request-id')).toBe('trace-1234567890');
  });
});

describe('CORS (the client in a browser)', () => {
  it('answers a preflight without a key, allowing the headers the API reads', async () => {
    const res = await fetch(`${server.url}/v1/jobs`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://app.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'api-key, idempotency-key, content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Api-Key.*Idempotency-Key.*Content-Type/);
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('exposes x-request-id, Retry-After and Idempotent-Replayed on answers', async () => {
    const res = await fetch(`${server.url}/v1/jobs`, { headers: { Origin: 'https://app.example', 'Api-Key': TEST_KEY } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-expose-headers')).toBe('x-request-id, Retry-After, Idempotent-Replayed');
  });
});
