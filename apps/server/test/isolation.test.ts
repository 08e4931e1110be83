import type { Job, JobList } from '@jobs-api/api-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeApiKey } from '../src/index.js';
import { parseJob, startTestServer, type TestServer } from './helpers.js';

const OTHER_KEY = 'sk_test_other_organization_key';
let server: TestServer;
let job: Job;

beforeAll(async () => {
  server = await startTestServer({ mode: 'api' });
  await storeApiKey(server.store, OTHER_KEY, 'org_other', Date.now());
  job = (await server.call<Job>('POST', '/v1/jobs', { body: parseJob() })).body;
  await server.call('POST', `/v1/jobs/${job.id}/cancel`, { body: {} });
});
afterAll(() => server.stop());

describe('organization isolation', () => {
  it('another organization sees a 404 on get, cancel and retry, never a 403', async () => {
    for (const [method, path] of [
      ['GET', `/v1/jobs/${job.id}`],
      ['POST', `/v1/jobs/${job.id}/cancel`],
      ['POST', `/v1/jobs/${job.id}/retry`],
    ] as const) {
      const res = await server.call(method, path, { key: OTHER_KEY, body: method === 'POST' ? {} : undefined });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
  });

  it("list and create are scoped to the key's organization", async () => {
    const theirs = await server.call<JobList>('GET', '/v1/jobs', { key: OTHER_KEY });
    expect(theirs.body.data).toEqual([]);
    const created = await server.call<Job>('POST', '/v1/jobs', { key: OTHER_KEY, body: parseJob() });
    expect(created.body.organization_id).toBe('org_other');
    const ours = await server.call<JobList>('GET', '/v1/jobs');
    expect(ours.body.data.map((j) => j.id)).not.toContain(created.body.id);
    expect(ours.body.data.every((j) => j.organization_id === 'org_default')).toBe(true);
    // Using another organization's job as a cursor is refused like an unknown one.
    const cursor = await server.call('GET', `/v1/jobs?after=${created.body.id}`);
    expect(cursor.status).toBe(400);
  });

  it('the same Idempotency-Key in two organizations makes two jobs', async () => {
    const a = await server.call<Job>('POST', '/v1/jobs', { body: parseJob('x'), headers: { 'Idempotency-Key': 'shared-key' } });
    const b = await server.call<Job>('POST', '/v1/jobs', { key: OTHER_KEY, body: parseJob('x'), headers: { 'Idempotency-Key': 'shared-key' } });
    expect(a.body.id).not.toBe(b.body.id);
    expect(b.headers.get('idempotent-replayed')).toBeNull();
  });

  it('a revoked key is refused', async () => {
    await server.store.revokeApiKeys('sk_test_oth', Date.now());
    // A fresh server sees the revocation at once (a running one within a second: apiKeyRevocation.test.ts).
    const fresh = await startTestServer({ mode: 'api', dataDir: server.dataDir });
    try {
      expect((await fresh.call('GET', '/v1/jobs', { key: OTHER_KEY })).status).toBe(401);
    } finally {
      await fresh.close();
    }
  });
});
