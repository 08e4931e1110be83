/**
 * Hostile requests against the offload of large data: URLs (on a real server, SQLite + filesystem
 * blobs): a rejected request stores nothing, blobs included; a blob ref cannot be forged to read
 * another organization's document; a lost blob fails closed instead of answering 500.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Job, JobList } from '@jobs-api/api-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restoreDataUrls } from '../src/blobs/dataUrls.js';
import { storeApiKey } from '../src/index.js';
import type { BlobStore } from '../src/interfaces.js';
import { blobFilesOf, dataUrl, startTestServer, type TestServer } from './helpers.js';

const OTHER_KEY = 'sk_test_blob_refs_other_org_key';
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ mode: 'api' });
  await storeApiKey(server.store, OTHER_KEY, 'org_other', Date.now());
});
afterAll(() => server.stop());

const blobFiles = () => blobFilesOf(server);

/** An extract request: a document, and a free-form JSON Schema whose description is any text. */
const extract = (url: string, description: string) => ({
  endpoint: '/v1/documents/extract',
  request: { document: { filename: 'big.txt', url }, json_schema: { type: 'object', description } },
});
const largeText = (marker: string) => `${marker}\n${'lorem ipsum dolor sit amet '.repeat(4000)}`; // ~108 KB: above the 64 KiB threshold

describe('a rejected request stores nothing, blobs included', () => {
  it('a >64 KiB data: string that is not base64, after a valid large document, is a 422 naming its path', async () => {
    const before = blobFiles().length;
    const jobsBefore = (await server.call<JobList>('GET', '/v1/jobs?limit=100')).body.data.length;
    const res = await server.call('POST', '/v1/jobs', { body: extract(dataUrl(largeText('valid')), `data:text/plain;base64,${'@'.repeat(70_000)}`) });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'invalid_base64', details: { path: '/body/request/json_schema/description' } });
    expect(blobFiles()).toHaveLength(before);
    expect((await server.call<JobList>('GET', '/v1/jobs?limit=100')).body.data).toHaveLength(jobsBefore);
  });
});

describe('blob refs cannot be forged', () => {
  let secret: Job;
  let hash: string;
  beforeAll(async () => {
    secret = (await server.call<Job>('POST', '/v1/jobs', { body: extract(dataUrl(largeText('TOP SECRET of org_default')), 'x') })).body;
    const stored = await server.store.getJob('org_default', secret.id, { request: true });
    hash = /^jobs-blob:sha256:([0-9a-f]{64})#/.exec((stored!.request as { document: { url: string } }).document.url)![1]!;
  });

  it("another organization's hash written into a text field is answered as the text it is", async () => {
    const forged = `jobs-blob:sha256:${hash}#${encodeURIComponent('data:text/plain;base64')}`;
    const created = await server.call<Job>('POST', '/v1/jobs', { key: OTHER_KEY, body: extract(dataUrl('mine'), forged) });
    expect(created.status).toBeLessThan(300);
    const read = await server.call<Job>('GET', `/v1/jobs/${created.body.id}?include_request=true`, { key: OTHER_KEY });
    expect(read.status).toBe(200);
    expect(read.body.request).toEqual(extract(dataUrl('mine'), forged).request);
    expect(JSON.stringify(read.body)).not.toContain(Buffer.from('TOP SECRET').toString('base64').slice(0, 12));
    const listed = await server.call<JobList>('GET', '/v1/jobs?include_request=true', { key: OTHER_KEY });
    expect(listed.body.data.find((j) => j.id === created.body.id)!.request).toEqual(extract(dataUrl('mine'), forged).request);
  });

  it('a ref to an unknown hash is text too: get and list answer 200', async () => {
    const unknown = `jobs-blob:sha256:${'0'.repeat(64)}#${encodeURIComponent('data:text/plain;base64')}`;
    const created = await server.call<Job>('POST', '/v1/jobs', { key: OTHER_KEY, body: extract(dataUrl('mine'), unknown) });
    const read = await server.call<Job>('GET', `/v1/jobs/${created.body.id}?include_request=true`, { key: OTHER_KEY });
    expect(read.status).toBe(200);
    expect((read.body.request as { json_schema: { description: string } }).json_schema.description).toBe(unknown);
    expect((await server.call('GET', '/v1/jobs?include_request=true', { key: OTHER_KEY })).status).toBe(200);
  });

  it('the owner still reads its document back exactly as submitted', async () => {
    const read = await server.call<Job>('GET', `/v1/jobs/${secret.id}?include_request=true`);
    expect(read.body.request).toEqual(extract(dataUrl(largeText('TOP SECRET of org_default')), 'x').request);
  });
});

describe('a lost blob fails closed', () => {
  it('get and list answer 200 with the value null and a warning naming it, never 500', async () => {
    const created = (await server.call<Job>('POST', '/v1/jobs', { body: extract(dataUrl(largeText('to be lost')), 'y') })).body;
    const stored = await server.store.getJob('org_default', created.id, { request: true });
    const hash = /^jobs-blob:sha256:([0-9a-f]{64})#/.exec((stored!.request as { document: { url: string } }).document.url)![1]!;
    rmSync(join(server.dataDir, 'blobs', 'sha256', hash.slice(0, 2), hash.slice(2)));
    const read = await server.call<Job>('GET', `/v1/jobs/${created.id}?include_request=true`);
    expect(read.status).toBe(200);
    expect((read.body.request as { document: { url: unknown } }).document.url).toBeNull();
    expect(read.body.warnings).toContainEqual({ code: 'request_document_missing', message: expect.stringContaining('request/document/url') });
    const list = await server.call<JobList>('GET', '/v1/jobs?include_request=true&limit=100');
    expect(list.status).toBe(200);
    expect(list.body.data.length).toBeGreaterThan(1);
  });
});

describe('rows stored before the positions were recorded (migration 041 lists their hashes)', () => {
  const bytes = new TextEncoder().encode('legacy bytes');
  const blobs: BlobStore = {
    put: async () => 'unused',
    get: async (h) => (h === 'a'.repeat(64) ? bytes : undefined),
    deleteUnreferenced: async () => 0,
  };
  const ref = (h: string) => `jobs-blob:sha256:${h}#${encodeURIComponent('data:text/plain;base64')}`;

  it("restores refs to the job's own hashes only; any other ref stays text", async () => {
    const request = { document: { filename: 'a.txt', url: ref('a'.repeat(64)) }, note: ref('b'.repeat(64)) };
    const restored = await restoreDataUrls(request, { hashes: ['a'.repeat(64)] }, blobs);
    expect(restored).toEqual({ request: { document: { filename: 'a.txt', url: dataUrl('legacy bytes') }, note: ref('b'.repeat(64)) }, missing: [] });
    expect(request.document.url).toBe(ref('a'.repeat(64)));
  });

  it('with no positions at all, nothing is read as a ref', async () => {
    const request = { document: { filename: 'a.txt', url: ref('a'.repeat(64)) } };
    expect((await restoreDataUrls(request, null, blobs)).request).toEqual(request);
  });
});
