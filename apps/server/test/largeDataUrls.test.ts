import { randomBytes } from 'node:crypto';
import type { Job } from '@jobs-api/api-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCanonicalBase64, splitDataUrl } from '@jobs-api/documents';
import { startTestServer, type TestServer } from './helpers.js';

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
});
