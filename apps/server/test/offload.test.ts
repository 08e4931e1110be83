import type { Job } from '@jobs-api/api-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobFilesOf, dataUrl, startTestServer, waitForStatus, type TestServer } from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const blobFiles = () => blobFilesOf(server);

describe('offloading large inline documents', () => {
  const text = `Large document\n${'lorem ipsum dolor sit amet '.repeat(4000)}`; // ~108 KB: above the 64 KiB threshold
  const body = { endpoint: '/v1/documents/parse', request: { document: { filename: 'large.txt', url: dataUrl(text) } } };

  it('moves a data: URL above 64 KiB to the blob store before the job is stored, and restores it on read', async () => {
    const created = await server.call<Job>('POST', '/v1/jobs', { body });
    expect(created.status).toBe(200);
    expect(created.body.request).toEqual(body.request);
    expect(blobFiles()).toHaveLength(1);
    // The stored row holds a reference, not the data.
    const stored = await server.store.getJob('org_default', created.body.id, { request: true });
    const storedUrl = (stored!.request as { document: { url: string } }).document.url;
    expect(storedUrl).toMatch(/^jobs-blob:sha256:[0-9a-f]{64}#data%3Atext%2Fplain%3Bbase64$/);
    // Read back: exactly as submitted.
    const read = await server.call<Job>('GET', `/v1/jobs/${created.body.id}?include_request=true`);
    expect(read.body.request).toEqual(body.request);
    // And the worker reads the document through the blob ref.
    const done = await waitForStatus(server, created.body.id, ['completed', 'failed']);
    expect(done.status).toBe('completed');
    expect((done.response!.body as { text: string }).text).toContain('Large document');
  });

  it('stores the same document once (content-addressed)', async () => {
    await server.call<Job>('POST', '/v1/jobs', { body });
    expect(blobFiles()).toHaveLength(1);
  });

  it('keeps small data: URLs inline', async () => {
    const small = await server.call<Job>('POST', '/v1/jobs', { body: { ...body, request: { document: { filename: 's.txt', url: dataUrl('small') } } } });
    const stored = await server.store.getJob('org_default', small.body.id, { request: true });
    expect((stored!.request as { document: { url: string } }).document.url).toBe(dataUrl('small'));
  });
});
