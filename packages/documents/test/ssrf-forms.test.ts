/**
 * Every way of writing a loopback or private address that the guard must refuse, tried against a
 * real listener on 127.0.0.1 (and ::1 when the machine has it) that counts the TCP connections it
 * accepts: the guard passes only if the listener saw none. Covers document fetches, redirects and
 * provider calls (a model-map route may be private, but a redirect from it may not).
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { classifyAddress, createDocumentEngine, createGuardedFetch } from '../src/index.js';
import { call } from './helpers/engine.js';

/** A listener that must never be reached: counts connections, answers 200 if it ever is. */
function target() {
  const connections: Socket[] = [];
  const server = http.createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/plain' }).end('reached'));
  server.on('connection', (socket) => connections.push(socket));
  return { server, connections };
}

async function listen(server: http.Server, host: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    server.once('error', () => resolve(undefined));
    server.listen(0, host, () => resolve((server.address() as AddressInfo).port));
  });
}

const v4 = target();
const v6 = target();
let port: number;
let port6: number | undefined;
/** A redirector on 127.0.0.2, the one address exempted for it: sends every request to `?to=`. */
const redirector = http.createServer((request, response) => {
  const to = new URL(request.url ?? '/', 'http://x').searchParams.get('to') ?? '/';
  response.writeHead(302, { location: to }).end();
});
let redirectorBase: string;

beforeAll(async () => {
  port = (await listen(v4.server, '127.0.0.1'))!;
  port6 = await listen(v6.server, '::1');
  redirectorBase = `http://127.0.0.2:${await listen(redirector, '127.0.0.2')}`;
});
afterAll(async () => {
  for (const server of [v4.server, v6.server, redirector]) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
beforeEach(() => {
  v4.connections.length = 0;
  v6.connections.length = 0;
});

const hits = () => v4.connections.length + v6.connections.length;

/** Every form of "this machine" (the listener's port is filled in). */
function loopbackForms(p: number): [string, string][] {
  return [
    ['dotted IPv4', `http://127.0.0.1:${p}/doc.txt`],
    ['short IPv4', `http://127.1:${p}/doc.txt`],
    ['decimal IPv4', `http://2130706433:${p}/doc.txt`],
    ['hex IPv4', `http://0x7f000001:${p}/doc.txt`],
    ['dotted hex IPv4', `http://0x7f.0x0.0x0.0x1:${p}/doc.txt`],
    ['octal IPv4', `http://0177.0.0.1:${p}/doc.txt`],
    ['IPv4-mapped IPv6', `http://[::ffff:127.0.0.1]:${p}/doc.txt`],
    ['IPv4-mapped IPv6, hex', `http://[::ffff:7f00:1]:${p}/doc.txt`],
    ['IPv4-compatible IPv6 (::/96)', `http://[::127.0.0.1]:${p}/doc.txt`],
    ['IPv4-translated IPv6 (::ffff:0:0:0/96)', `http://[::ffff:0:127.0.0.1]:${p}/doc.txt`],
    ['IPv6 loopback', `http://[::1]:${p}/doc.txt`],
    ['unspecified IPv4', `http://0.0.0.0:${p}/doc.txt`],
    ['unspecified IPv6', `http://[::]:${p}/doc.txt`],
    ['a name resolving to loopback', `http://localhost:${p}/doc.txt`],
    ['https to a loopback literal', `https://127.0.0.1:${p}/doc.txt`],
  ];
}

describe('address forms', () => {
  it.each([
    ['::127.0.0.1', 'reserved'],
    ['::7f00:1', 'reserved'],
    ['::ffff:0:7f00:1', 'reserved'],
    ['::ffff:0:a9fe:a9fe', 'reserved'],
    ['::a9fe:a9fe', 'reserved'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['::ffff:7f00:1', 'loopback'],
    ['::', 'reserved'],
    ['::1', 'loopback'],
    ['ff02::1', 'reserved'],
    ['224.0.0.251', 'reserved'],
  ])('%s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });
});

describe('a guarded document fetch reaches no loopback form', () => {
  // http allowed so the scheme is not what refuses: the address policy must.
  const guarded = createGuardedFetch({ allowHttp: true, timeoutMs: 5_000, allowedAddresses: ['127.0.0.2'] });

  it('refuses each form before connecting', async () => {
    for (const [name, url] of loopbackForms(port)) {
      await expect(guarded(url), name).rejects.toMatchObject({ code: 'url_refused', status: 422 });
    }
    if (port6) await expect(guarded(`http://[::1]:${port6}/doc.txt`)).rejects.toMatchObject({ code: 'url_refused' });
    expect(hits()).toBe(0);
  });

  it('refuses a redirect to each form', async () => {
    // The redirector itself is reached (it is exempted); what it points at never is.
    for (const [name, url] of loopbackForms(port)) {
      await expect(guarded(`${redirectorBase}/?to=${encodeURIComponent(url)}`), name).rejects.toMatchObject({ code: 'url_refused' });
    }
    expect(hits()).toBe(0);
  });

  it('fetches only http(s)', async () => {
    for (const url of ['file:///etc/passwd', `ftp://127.0.0.1:${port}/`, `gopher://127.0.0.1:${port}/`, 'data:text/plain,hi']) {
      await expect(guarded(url), url).rejects.toMatchObject({ code: 'url_refused' });
    }
    expect(hits()).toBe(0);
  });

  it('can fail: with the private-network opt-out the very same listener is reached', async () => {
    const open = createGuardedFetch({ allowHttp: true, allowPrivateNetworks: true, timeoutMs: 5_000 });
    expect(await (await open(`http://2130706433:${port}/doc.txt`)).text()).toBe('reached');
    expect(hits()).toBe(1);
  });
});

describe('provider calls go through the same guard', () => {
  it('reach the model-map host, but never a private address it redirects to', async () => {
    const target = `http://127.0.0.1:${port}/v1/chat/completions`;
    const engine = createDocumentEngine({
      modelMap: { 'gpt-redirected': { baseUrl: `${redirectorBase}/v1?to=${encodeURIComponent(target)}`, model: 'm' } },
      providerFetch: { timeoutMs: 5_000 },
      ocr: { poolSize: 1 },
    });
    try {
      const document = { filename: 'a.txt', url: `data:text/plain;base64,${Buffer.from('Total: 5').toString('base64')}` };
      await expect(
        engine.extract({ document, model: 'gpt-redirected', json_schema: { type: 'object', properties: { total: { type: 'number' } } } }, call()),
      ).rejects.toMatchObject({ status: expect.any(Number) });
      expect(hits()).toBe(0);
    } finally {
      await engine.close();
    }
  });
});
