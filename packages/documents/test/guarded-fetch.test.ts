import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyAddress, createGuardedFetch } from '../src/index.js';
import { call, useEngine } from './helpers/engine.js';

// Private and link-local targets below are refused before any connection is attempted:
// these tests never send traffic anywhere but 127.0.0.1.
describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.20.0.1', 'private'],
    ['192.168.1.10', 'private'],
    ['fd00::1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['0.0.0.0', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['224.0.0.1', 'reserved'],
    ['93.184.216.34', undefined],
    ['2606:4700::1111', undefined],
  ])('%s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });
});

describe('createGuardedFetch policy', () => {
  const guardedFetch = createGuardedFetch({ timeoutMs: 5_000 });

  it.each([
    ['loopback IPv4', 'https://127.0.0.1/doc.pdf', 'loopback'],
    ['loopback IPv6', 'https://[::1]/doc.pdf', 'loopback'],
    ['private', 'https://10.0.0.7/doc.pdf', 'private'],
    ['private 192.168', 'https://192.168.0.1/doc.pdf', 'private'],
    ['link-local metadata', 'https://169.254.169.254/latest/meta-data', 'link-local'],
    ['a name resolving to loopback', 'https://localhost/doc.pdf', 'loopback'],
  ])('refuses %s', async (_name, url, reason) => {
    await expect(guardedFetch(url)).rejects.toMatchObject({ code: 'url_refused', status: 422, retryable: false });
    await expect(guardedFetch(url)).rejects.toThrow(reason);
  });

  it('refuses plain http unless allowed, and credentials in URLs', async () => {
    await expect(guardedFetch('http://example.com/doc.pdf')).rejects.toMatchObject({ code: 'url_refused' });
    await expect(guardedFetch('https://user:pw@example.com/doc.pdf')).rejects.toMatchObject({ code: 'url_refused' });
    await expect(guardedFetch('file:///etc/passwd')).rejects.toMatchObject({ code: 'url_refused' });
  });
});

describe('createGuardedFetch against a local server', () => {
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      const routes: Record<string, () => void> = {
        '/doc.txt': () => response.writeHead(200, { 'content-type': 'text/plain' }).end('hello document'),
        '/to-private': () => response.writeHead(302, { location: 'http://10.0.0.1/secret' }).end(),
        '/to-metadata': () => response.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data' }).end(),
        '/to-doc': () => response.writeHead(302, { location: '/doc.txt' }).end(),
        '/loop': () => response.writeHead(302, { location: '/loop' }).end(),
        '/big': () => response.writeHead(200).end(Buffer.alloc(4096, 'a')),
        '/slow': () => response.writeHead(200).write('partial'),
      };
      (routes[request.url ?? ''] ?? (() => response.writeHead(404).end()))();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  // The test server's own address is exempted; everything else keeps the default policy.
  const guarded = (limits: { maxBytes?: number; timeoutMs?: number } = {}) =>
    createGuardedFetch({ allowHttp: true, allowedAddresses: ['127.0.0.1'], timeoutMs: 5_000, ...limits });

  it('fetches an allowed URL and follows a safe redirect', async () => {
    expect(await (await guarded()(`${base}/doc.txt`)).text()).toBe('hello document');
    expect(await (await guarded()(`${base}/to-doc`)).text()).toBe('hello document');
  });

  it.each([
    ['a private address', '/to-private', 'private'],
    ['the link-local metadata address', '/to-metadata', 'link-local'],
  ])('refuses a redirect to %s', async (_name, route, reason) => {
    const attempt = guarded()(`${base}${route}`);
    await expect(attempt).rejects.toMatchObject({ code: 'url_refused' });
    await expect(guarded()(`${base}${route}`)).rejects.toThrow(reason);
  });

  it('stops after too many redirects', async () => {
    await expect(guarded()(`${base}/loop`)).rejects.toMatchObject({ code: 'too_many_redirects' });
  });

  it('enforces the size limit', async () => {
    await expect(guarded({ maxBytes: 1000 })(`${base}/big`)).rejects.toMatchObject({ code: 'response_too_large', status: 413 });
  });

  it('times out as a retryable error', async () => {
    await expect(guarded({ timeoutMs: 300 })(`${base}/slow`)).rejects.toMatchObject({ code: 'fetch_timeout', retryable: true });
  });

  it('rejects with an AbortError when the caller aborts', async () => {
    const controller = new AbortController();
    const pending = guarded()(`${base}/slow`, { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('engine with an https document URL', () => {
  const engine = useEngine();
  it('fails with document_url_refused for a private address', async () => {
    await expect(engine.parse({ document: { filename: 'x.pdf', url: 'https://10.0.0.1/x.pdf' } }, call())).rejects.toMatchObject({
      code: 'document_url_refused',
      status: 422,
    });
  });
});
