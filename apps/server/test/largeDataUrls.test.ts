import { randomBytes } from 'node:crypto';
import type { Job } from '@jobs-api/api-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCanonicalBase64, splitDataUrl } from '@jobs-api/documents';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_KEY, startTestServer, type TestServer } from './helpers.js';

// The check it replaced, as the reference on small inputs (it overflows V8's stack on large ones).
const REFERENCE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

describe('isCanonicalBase64', () => {
  const cases: [string, string][] = [
    ['empty', ''],
    ['one quantum', 'QUJD'],
    ['two padding', 'QQ=='],
    ['one padding', 'QUI='],
    ['padding only', '===='],
    ['three padding', 'Q==='],
    ['padding inside', 'QQ==QUJD'],
    ['equals mid-quantum', 'Q=JD'],
    ['short', 'QUJ'],
    ['whitespace', 'QUJD QUJD'],
    ['newline', 'QUJD\nQUJD'],
    ['url-safe alphabet', 'QU-_'],
    ['non-ascii', 'QUJé'],
    ['all symbols', '+/+/'],
  ];
  it.each(cases)('%s: agrees with the regular expression it replaced', (_name, text) => {
    expect(isCanonicalBase64(text)).toBe(REFERENCE.test(text));
  });

  it('checks a 5 MB payload (the old expression threw RangeError: Maximum call stack size exceeded)', () => {
    const payload = randomBytes(5 * 1024 * 1024).toString('base64');
    expect(isCanonicalBase64(payload)).toBe(true);
    expect(isCanonicalBase64(`${payload.slice(0, 1000)}!${payload.slice(1001)}`)).toBe(false);
    expect(splitDataUrl(`data:application/pdf;base64,${payload}`).mimeType).toBe('application/pdf');
  });
});

describe('creating a job with a 5 MB data: URL', () => {
  let server: TestServer;
  beforeAll(async () => {
    // API only: the create path is what is checked, no worker parses the document.
    server = await startTestServer({ mode: 'api' });
  });
  afterAll(() => server.stop());

  it('is accepted, offloaded and read back as submitted', async () => {
    const url = `data:application/pdf;base64,${randomBytes(5 * 1024 * 1024).toString('base64')}`;
    const body = { endpoint: '/v1/documents/parse', request: { document: { filename: 'large.pdf', url } } };
    const created = await server.call<Job>('POST', '/v1/jobs', { body });
    expect([200, 202]).toContain(created.status);
    // The answer carries the request as submitted (its 6.7 MB data: URL written to the socket as it is).
    expect(created.headers.get('content-type')).toBe('application/json');
    expect((created.body.request as { document: { url: string } }).document.url === url).toBe(true);
    const stored = await server.store.getJob('org_default', created.body.id, { request: true });
    expect((stored!.request as { document: { url: string } }).document.url).toMatch(/^jobs-blob:sha256:[0-9a-f]{64}#/);
    const read = await server.call<Job>('GET', `/v1/jobs/${created.body.id}?include_request=true`);
    expect((read.body.request as { document: { url: string } }).document.url === url).toBe(true);
  });

  // Bodies above 1 MiB are read by the streaming reader (http/streamedDataUrls.ts), which decodes
  // the document while it arrives; a body sent chunked (no Content-Length) takes express.json.
  const blobFiles = () => {
    const root = join(server.dataDir, 'blobs', 'sha256');
    try {
      return readdirSync(root, { recursive: true })
        .map(String)
        .filter((f) => statSync(join(root, f)).isFile()).length;
    } catch {
      return 0;
    }
  };
  const chunked = (text: string) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(text));
        controller.close();
      },
    });

  it('the streamed and the parsed body hash alike: a chunked retry with the same key replays the job', async () => {
    const url = `data:application/pdf;base64,${randomBytes(2 * 1024 * 1024).toString('base64')}`;
    const body = JSON.stringify({ endpoint: '/v1/documents/parse', request: { document: { filename: 'same.pdf', url } } });
    const first = await server.call<Job>('POST', '/v1/jobs', { rawBody: body, headers: { 'Idempotency-Key': 'streamed-vs-parsed' } });
    expect([200, 202]).toContain(first.status);
    const again = await fetch(`${server.url}/v1/jobs`, {
      method: 'POST',
      headers: { 'api-key': TEST_KEY, 'content-type': 'application/json', 'idempotency-key': 'streamed-vs-parsed' },
      body: chunked(body),
      duplex: 'half',
    } as RequestInit);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const replayed = (await again.json()) as Job;
    expect(replayed.id).toBe(first.body.id);
    expect((replayed.request as { document: { url: string } }).document.url === url).toBe(true);
  });

  it('an escaped slash in the payload is read as a slash, and the request restored as JSON.parse reads it', async () => {
    const bytes = Buffer.alloc(1536 * 1024, 0xff); // base64 "////…"
    const url = `data:application/pdf;base64,${bytes.toString('base64')}`;
    const raw = JSON.stringify({ endpoint: '/v1/documents/parse', request: { document: { filename: 'slashes.pdf', url } } }).replaceAll('/', '\\/');
    const created = await server.call<Job>('POST', '/v1/jobs', { rawBody: raw });
    expect([200, 202]).toContain(created.status);
    expect((created.body.request as { document: { url: string } }).document.url === url).toBe(true);
  });

  it('a streamed payload that is not base64 is a 422 naming its path, and stores nothing', async () => {
    const before = blobFiles();
    const payload = randomBytes(2 * 1024 * 1024).toString('base64');
    const url = `data:application/pdf;base64,${payload.slice(0, 1_000_000)}!${payload.slice(1_000_001)}`;
    const res = await server.call('POST', '/v1/jobs', { body: { endpoint: '/v1/documents/parse', request: { document: { filename: 'bad.pdf', url } } } });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'invalid_base64', details: { path: '/body/request/document/url' } });
    expect(blobFiles()).toBe(before);
  });

  it('a large data: URL under a metadata key "url" is refused as too long for metadata, as before', async () => {
    const url = `data:application/pdf;base64,${randomBytes(1536 * 1024).toString('base64')}`;
    const res = await server.call('POST', '/v1/jobs', {
      body: { endpoint: '/v1/documents/parse', request: { document: { filename: 'a.txt', url: 'data:text/plain;base64,aGk=' } }, metadata: { url } },
    });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body.error.details)).toContain('/body/metadata/url');
  });

  it('malformed JSON in a large body is a 400', async () => {
    const res = await server.call('POST', '/v1/jobs', {
      rawBody: `{"endpoint": "/v1/documents/parse", "request": {"document": {"filename": "x", "url": "data:application/pdf;base64,${'A'.repeat(2_000_000)}"`,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
  });
});

describe('a synchronous parse with a large data: URL', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ mode: 'api' });
  });
  afterAll(() => server.stop());

  // Over the 1 MB mark, the body streams in: the document is decoded as it arrives and reaches
  // the engine as bytes, never as a 2.7 MB string in the server.
  it('is decoded while it streams in and parsed as sent', async () => {
    const line = 'Invoice INV-2041 total 1,234.56 EUR\n';
    const text = line.repeat(Math.ceil((2 * 1024 * 1024) / line.length));
    const url = `data:text/plain;base64,${Buffer.from(text).toString('base64')}`;
    const res = await server.call<{ text: string; document: { mime_type: string } }>('POST', '/v1/documents/parse', {
      body: { document: { filename: 'large.txt', url } },
    });
    expect(res.status).toBe(200);
    expect(res.body.document.mime_type).toBe('text/plain');
    expect(res.body.text.split('\n').filter((l) => l === line.trim()).length).toBe(text.split('\n').length - 1);
  });

  it('a streamed payload that is not base64 is a 422 naming its path in the request body', async () => {
    const payload = randomBytes(2 * 1024 * 1024).toString('base64');
    const url = `data:application/pdf;base64,${payload.slice(0, 1_000_000)}!${payload.slice(1_000_001)}`;
    const res = await server.call('POST', '/v1/documents/parse', { body: { document: { filename: 'bad.pdf', url } } });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'invalid_base64', details: { path: '/body/document/url' } });
  });
});
