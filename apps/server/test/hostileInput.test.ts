/**
 * Regression tests for what an attacker's requests found: each answered 500 (or held a socket, or
 * blocked the serving thread) before; each must be a clear 4xx in the one error shape that stores
 * nothing.
 */
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { JobList } from '@jobs-api/api-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataUrl, startTestServer, TEST_KEY, type TestServer } from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ mode: 'api', requestTimeoutMs: 1_000 });
});
afterAll(() => server.stop());

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown>; request_id: string };
}

async function jobCount(): Promise<number> {
  return (await server.call<JobList>('GET', '/v1/jobs?limit=100')).body.data.length;
}

/** Sends `body` as-is (a string or bytes) with the given headers. */
async function raw(method: string, path: string, body: string | Uint8Array | undefined, headers: Record<string, string> = {}) {
  const res = await fetch(server.url + path, {
    method,
    headers: { 'Api-Key': TEST_KEY, 'Content-Type': 'application/json', ...headers },
    body: body as BodyInit | undefined,
  });
  return { status: res.status, body: (await res.json()) as ErrorBody };
}

const parseRequest = (url: string) => ({ endpoint: '/v1/documents/parse', request: { document: { filename: 'a.pdf', url } } });

describe('query strings', () => {
  it('reads + as a space in every query parameter of every list operation (URLSearchParams writes +)', async () => {
    for (const path of ['/v1/jobs', '/v1/projects', '/v1/edit/templates', '/v1/projects/proj_x/documents']) {
      const res = await server.call<ErrorBody>('GET', `${path}?limit=20&order=desc&after=a+b`);
      expect(res.status, path).toBeLessThan(500);
      expect(JSON.stringify(res.body), path).not.toContain('url encoded');
    }
    const created = await server.call('POST', '/v1/jobs', {
      body: {
        ...parseRequest(dataUrl('%PDF-1.4', 'application/pdf')),
        request: { document: { filename: 'scan 01.pdf', url: dataUrl('%PDF-1.4', 'application/pdf') } },
        metadata: { customer: 'ACME Corp' },
      },
    });
    expect(created.status).toBeLessThan(300);
    for (const query of [
      'filename_contains=scan+01',
      'filename_contains=scan%2001',
      'metadata=%7B%22customer%22%3A%22ACME+Corp%22%7D',
      'filename_regex=%5Escan+01',
    ]) {
      const res = await server.call<JobList>('GET', `/v1/jobs?limit=20&order=desc&${query}`);
      expect(res.status, query).toBe(200);
      expect(res.body.data, query).toHaveLength(1);
    }
  });

  it('refuses a non-finite limit with a 400 on every list operation', async () => {
    for (const path of ['/v1/jobs', '/v1/projects', '/v1/edit/templates', '/v1/projects/proj_x/documents']) {
      for (const limit of ['Infinity', '-Infinity', '1e400']) {
        const res = await server.call<ErrorBody>('GET', `${path}?limit=${limit}`);
        expect(res.status, `${path} ${limit}`).toBe(400);
        expect(res.body.error.message).toContain('limit');
      }
    }
  });
});

describe('bodies', () => {
  it('refuses JSON nested deeper than the limit with a 400, before anything walks it', async () => {
    const before = await jobCount();
    for (const depth of [200, 5_000, 100_000]) {
      const deep = `{"endpoint":"/v1/documents/parse","request":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
      const res = await raw('POST', '/v1/jobs', deep);
      expect(res.status, String(depth)).toBe(400);
      expect(res.body.error.message).toContain('nested');
    }
    const arrays = await raw('POST', '/v1/projects', `{"name":"x","kind":"extract","json_schema":${'['.repeat(5_000)}${']'.repeat(5_000)}}`);
    expect(arrays.status).toBe(400);
    // Not refused for being nested: a 422 from the schema, as before.
    expect((await raw('POST', '/v1/jobs', `{"endpoint":"/v1/documents/parse","request":${'{"a":'.repeat(50)}1${'}'.repeat(50)}}`)).status).toBe(422);
    expect(await jobCount()).toBe(before);
  });

  it('refuses a body that is JSON but not an object on createJob and createProject', async () => {
    for (const path of ['/v1/jobs', '/v1/projects', '/v1/documents/parse']) {
      for (const body of ['[1,2]', '[]', '[{"endpoint":"/v1/documents/parse"}]']) {
        const res = await raw('POST', path, body);
        expect(res.status, `${path} ${body}`).toBe(400);
        expect(res.body.error.code).toBe('invalid_request');
      }
    }
  });

  it('refuses a body whose Content-Encoding does not decode with a 400', async () => {
    for (const encoding of ['gzip', 'deflate', 'br']) {
      const res = await raw('POST', '/v1/jobs', 'not compressed at all', { 'Content-Encoding': encoding });
      expect(res.status, encoding).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
    // A truncated gzip stream too; a whole one still works.
    const whole = gzipSync(JSON.stringify(parseRequest(dataUrl('hi', 'text/plain'))));
    expect((await raw('POST', '/v1/jobs', whole.subarray(0, whole.length - 8), { 'Content-Encoding': 'gzip' })).status).toBe(400);
  });

  it('closes a connection whose body trickles in slower than the request timeout (408)', async () => {
    const { hostname, port } = new URL(server.url);
    const socket = connect(Number(port), hostname);
    const answer = new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('close', () => resolve(text));
    });
    socket.write(`POST /v1/jobs HTTP/1.1\r\nHost: x\r\nApi-Key: ${TEST_KEY}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`);
    // One byte every 100 ms: 1,000 bytes would take 100 s; the server gives up after ~1 s.
    const trickle = setInterval(() => socket.writable && socket.write(' '), 100);
    try {
      expect(await answer).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      clearInterval(trickle);
      socket.destroy();
    }
  });
});

describe('document URLs', () => {
  it('refuses a URL that does not parse with a 422 at create (https://%00/ answered 500 later)', async () => {
    const before = await jobCount();
    for (const url of ['https://%00/', 'https://exa mple.com/a.pdf', 'https://[::1/a.pdf', 'https://']) {
      const res = await server.call<ErrorBody>('POST', '/v1/jobs', { body: parseRequest(url) });
      expect(res.status, url).toBe(422);
      expect(res.body.error.details?.path).toBe('/body/request/document/url');
    }
    expect(await jobCount()).toBe(before);
  });

  it('refuses an https:// URL naming a private address literally, in every form, with a 422 at create', async () => {
    const before = await jobCount();
    const forms = [
      'https://127.0.0.1/a.pdf',
      'https://2130706433/a.pdf',
      'https://0x7f000001/a.pdf',
      'https://0177.0.0.1/a.pdf',
      'https://10.0.0.1/a.pdf',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/a.pdf',
      'https://[::ffff:127.0.0.1]/a.pdf',
      'https://[::127.0.0.1]/a.pdf',
      'https://[::ffff:0:127.0.0.1]/a.pdf',
      'https://[fd00::1]/a.pdf',
      'https://0.0.0.0/a.pdf',
    ];
    for (const url of forms) {
      const res = await server.call<ErrorBody>('POST', '/v1/jobs', { body: parseRequest(url) });
      expect(res.status, url).toBe(422);
      expect(res.body.error.code, url).toBe('url_refused');
    }
    // The sync route says the same at once.
    expect((await server.call('POST', '/v1/documents/parse', { body: parseRequest('https://2130706433/a.pdf').request })).status).toBe(422);
    expect(await jobCount()).toBe(before);
  });
});

describe('json_schema', () => {
  const extract = (jsonSchema: unknown) => ({
    endpoint: '/v1/documents/extract',
    request: { document: { filename: 'a.txt', url: dataUrl('code: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!') }, json_schema: jsonSchema },
  });

  it("refuses at create, with the sync route's 400, a schema the sync route refuses; nothing is stored", async () => {
    const before = await jobCount();
    for (const schema of [
      { type: 'object', properties: { a: { type: 'string', pattern: '(' } } },
      { type: 'object', properties: { a: { type: 'string', pattern: '(?=a)a' } } },
      { type: 'widget' },
    ]) {
      const created = await server.call<ErrorBody>('POST', '/v1/jobs', { body: extract(schema) });
      const sync = await server.call<ErrorBody>('POST', '/v1/documents/extract', { body: extract(schema).request });
      expect(created.status, JSON.stringify(schema)).toBe(400);
      expect(sync.status).toBe(400);
      expect(created.body.error.code).toBe(sync.body.error.code);
      expect(created.body.error.message).toBe(sync.body.error.message);
    }
    expect(await jobCount()).toBe(before);
  });

  it('evaluates a pattern in linear time (a backtracking engine takes hours on this value)', async () => {
    const res = await server.call('POST', '/v1/documents/extract', {
      body: extract({ type: 'object', properties: { code: { type: 'string', pattern: '^(a+)+$' } } }).request,
    });
    expect(res.status).toBe(200);
  });
});
