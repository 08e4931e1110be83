/**
 * The parse endpoint on the text formats the embedded default handles (page = whole document),
 * synchronously and as a job, through the real engine.
 */
import type { Job, ParseResult } from '@jobs-api/api-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataUrl, startTestServer, waitForStatus, type TestServer } from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const formats: [string, string, string, string[]][] = [
  ['text/plain', 'notes.txt', 'Total due: 561 EUR\nThanks', ['Total due: 561 EUR']],
  ['text/markdown', 'notes.md', '# Invoice\n\n| item | price |\n|---|---|\n| bolt | 12 |', ['# Invoice', 'bolt']],
  ['text/csv', 'items.csv', 'item,price\nbolt,12\nnut,3', ['bolt', '12', 'nut']],
  ['application/json', 'data.json', '{"invoice": {"id": "12398982", "total": 561}}', ['12398982', '561']],
  [
    'text/html',
    'page.html',
    '<html><body><h1>Invoice 12398982</h1><table><tr><th>item</th><th>price</th></tr><tr><td>bolt</td><td>12</td></tr></table></body></html>',
    ['Invoice 12398982', 'bolt'],
  ],
];

describe.each(formats)('parse %s', (mimeType, filename, content, expected) => {
  const request = { document: { filename, url: dataUrl(content, mimeType) } };

  it('synchronously', async () => {
    const res = await server.call<ParseResult>('POST', '/v1/documents/parse', { body: request });
    expect(res.status).toBe(200);
    expect(res.body.document).toEqual({ filename, mime_type: mimeType });
    expect(res.body.usage.page_count).toBe(1);
    expect(res.body.pages).toHaveLength(1);
    for (const text of expected) expect(res.body.text).toContain(text);
  });

  it('as a job', async () => {
    const created = await server.call<Job>('POST', '/v1/jobs', { body: { endpoint: '/v1/documents/parse', request } });
    const done = await waitForStatus(server, created.body.id, ['completed', 'failed']);
    expect(done.status).toBe('completed');
    for (const text of expected) expect((done.response!.body as ParseResult).text).toContain(text);
  });
});
