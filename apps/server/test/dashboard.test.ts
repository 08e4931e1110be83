/**
 * The dashboard (apps/dashboard/dist, built before these tests by turbo.json) is served at
 * /dashboard in every mode that serves the API, without a key, with its assets and a CSP that keeps
 * the page's requests on this server. (The dashboard's own browser test drives the page.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ mode: 'api' });
});
afterAll(() => server.stop());

describe('/dashboard', () => {
  it('redirects /dashboard to /dashboard/ and answers the page there, without a key', async () => {
    const bare = await fetch(`${server.url}/dashboard`, { redirect: 'manual' });
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/dashboard/');

    const page = await fetch(`${server.url}/dashboard/`);
    expect(page.status, 'apps/dashboard/dist is missing: run `npm run build -w @jobs-api/dashboard`').toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
    const html = await page.text();
    expect(html).toContain('<div id="root"></div>');

    const assets = [...html.matchAll(/(?:src|href)="(\/dashboard\/assets\/[^"]+)"/g)].map(([, path]) => path!);
    expect(assets.length, 'the page references its bundled script and style').toBeGreaterThanOrEqual(2);
    for (const asset of assets) {
      const answer = await fetch(`${server.url}${asset}`);
      expect(answer.status, asset).toBe(200);
    }
  });

  it('answers 404 in the one error shape for a file that is not there', async () => {
    const missing = await fetch(`${server.url}/dashboard/assets/missing.js`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBeTruthy();
  });
});
