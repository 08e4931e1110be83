import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Job, JobList } from '@jobs-api/api-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeApiKey } from '../src/index.js';
import { parseJob, startTestServer, type TestServer } from './helpers.js';

const OTHER_KEY = 'sk_test_idempotency_other_org_key';

let server: TestServer;
beforeAll(async () => {
  // No worker: jobs stay queued, so what is counted is exactly what create stored.
  server = await startTestServer({ mode: 'api' });
});
afterAll(() => server.stop());

async function jobCount(): Promise<number> {
  return (await server.call<JobList>('GET', '/v1/jobs?limit=100')).body.data.length;
}

describe('Idempotency-Key', () => {
  it('50 concurrent creates with one key make exactly one job', async () => {
    const before = await jobCount();
    const body = parseJob('concurrent');
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => server.call<Job>('POST', '/v1/jobs', { body, headers: { 'Idempotency-Key': 'key-concurrent-50' } })),
    );
    const ids = new Set(answers.filter((a) => a.status < 300).map((a) => a.body.id));
    expect(ids.size).toBe(1);
    // Every answer is the job (created or replayed) or a 409 while the first was in flight.
    for (const a of answers) {
      expect([200, 202, 409]).toContain(a.status);
      if (a.status === 409) expect(a.body).toMatchObject({ error: { code: 'idempotency_key_in_use' } });
    }
    expect(await jobCount()).toBe(before + 1);
    // Once the first finished, the key always replays the job.
    const replay = await server.call<Job>('POST', '/v1/jobs', { body, headers: { 'Idempotency-Key': 'key-concurrent-50' } });
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.id).toBe([...ids][0]);
    expect(replay.body.request).toEqual(body.request);
  });

  it('the same key with another body is a 422 idempotency_key_mismatch and stores nothing', async () => {
    const first = await server.call<Job>('POST', '/v1/jobs', { body: parseJob('a'), headers: { 'Idempotency-Key': 'key-mismatch' } });
    expect(first.status).toBeLessThan(300);
    const before = await jobCount();
    const other = await server.call('POST', '/v1/jobs', { body: parseJob('b'), headers: { 'Idempotency-Key': 'key-mismatch' } });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('idempotency_key_mismatch');
    expect(await jobCount()).toBe(before);
  });

  it('key order in the body does not matter', async () => {
    const body = { request: parseJob('order').request, endpoint: '/v1/documents/parse', metadata: { a: '1', b: '2' } };
    const reordered = { metadata: { b: '2', a: '1' }, endpoint: '/v1/documents/parse', request: parseJob('order').request };
    const first = await server.call<Job>('POST', '/v1/jobs', { body, headers: { 'Idempotency-Key': 'key-order' } });
    const second = await server.call<Job>('POST', '/v1/jobs', { body: reordered, headers: { 'Idempotency-Key': 'key-order' } });
    expect(second.body.id).toBe(first.body.id);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
  });

  it('keys are scoped per organization: another organization may use the same key for another request', async () => {
    await storeApiKey(server.store, OTHER_KEY, 'org_idempotency_other', Date.now());
    const ours = await server.call<Job>('POST', '/v1/jobs', { body: parseJob('ours'), headers: { 'Idempotency-Key': 'key-per-org' } });
    // The same key with a different body would be a 422 mismatch within one organization.
    const theirs = await server.call<Job>('POST', '/v1/jobs', { key: OTHER_KEY, body: parseJob('theirs'), headers: { 'Idempotency-Key': 'key-per-org' } });
    expect(ours.status).toBeLessThan(300);
    expect(theirs.status).toBeLessThan(300);
    expect(theirs.body.id).not.toBe(ours.body.id);
    expect(theirs.body.organization_id).toBe('org_idempotency_other');
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    // And each organization's replay answers its own job.
    const replay = await server.call<Job>('POST', '/v1/jobs', { key: OTHER_KEY, body: parseJob('theirs'), headers: { 'Idempotency-Key': 'key-per-org' } });
    expect(replay.body.id).toBe(theirs.body.id);
  });

  it('a create that fails after its key was claimed releases the key (nothing burnt)', async () => {
    // Input errors are refused before the key is claimed; what reaches the release path is a
    // failure while storing. Replacing the blob directory with a file makes the offload of a large
    // data: URL fail (ENOTDIR, even for root) after the claim.
    const blobDir = join(server.dataDir, 'blobs');
    rmSync(blobDir, { recursive: true, force: true });
    writeFileSync(blobDir, 'not a directory');
    const large = parseJob('x'.repeat(100 * 1024));
    let failed;
    try {
      failed = await server.call('POST', '/v1/jobs', { body: large, headers: { 'Idempotency-Key': 'key-after-failed-store' } });
    } finally {
      rmSync(blobDir, { force: true });
    }
    expect(failed.status).toBe(500);
    const before = await jobCount();
    const retried = await server.call<Job>('POST', '/v1/jobs', { body: large, headers: { 'Idempotency-Key': 'key-after-failed-store' } });
    expect(retried.status).toBeLessThan(300);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect(await jobCount()).toBe(before + 1);
  });

  it('a create refused for bad input claims nothing: the key is free for the corrected request', async () => {
    const bad = await server.call('POST', '/v1/jobs', {
      body: { endpoint: '/v1/documents/parse', request: { document: { filename: 'x.txt', url: 'data:text/plain;base64,@@@' } } },
      headers: { 'Idempotency-Key': 'key-after-bad-input' },
    });
    expect(bad.status).toBe(422);
    const good = await server.call<Job>('POST', '/v1/jobs', { body: parseJob('fixed'), headers: { 'Idempotency-Key': 'key-after-bad-input' } });
    expect(good.status).toBeLessThan(300);
    expect(good.headers.get('idempotent-replayed')).toBeNull();
  });

  it('rejects keys longer than 255 characters (400)', async () => {
    const res = await server.call('POST', '/v1/jobs', { body: parseJob(), headers: { 'Idempotency-Key': 'k'.repeat(256) } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
  });
});
