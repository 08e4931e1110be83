/**
 * Drift between the spec and what is built from it:
 *   - the server: every operation of the spec has a handler (`operationHandlers`) and a route on the
 *     running app, and answers over HTTP (not the app's 404 for unknown routes); every route of the app is an
 *     operation of the spec, except the operational routes outside the API (exactly the list below);
 *   - the generated runtime enums (`JOB_ENDPOINTS`, `JOB_STATUSES`) equal the spec's enums, and the
 *     create union, the synchronous routes and the enum name the same endpoints;
 *   - the Job: 20 fields, all required, no others; the type fixture (types/, compiled by `lint`)
 *     names exactly those;
 *   - the docs site the server serves lists every operation (headless Chromium).
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { JOB_ENDPOINTS, JOB_STATUSES } from '@jobs-api/api-types';
import { pollUntil } from '@jobs-api/e2e-tests';
import { operationHandlers } from '@jobs-api/server';
import { CHROMIUM, chromiumLaunchOptions, operations, schemas, spec } from '@jobs-api/test-helpers';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FactsRecorder } from '../src/report.js';
import { CONTRACT_API_KEY, startContractServer, type ContractServer } from '../src/servers.js';
import { enumOf, expressPath } from '../src/spec.js';
import { JOB_FIELD_NAMES } from '../types/job-fields.fixture.js';

/** Routes the app serves outside the API spec (no key): health, metrics, the docs site, the dashboard, the spec itself. */
const OPERATIONAL_ROUTES = [
  'GET /healthz',
  'GET /readyz',
  'GET /metrics',
  'GET /openapi.json',
  'GET /openapi.yaml',
  'GET /docs/reference.html',
  'USE /docs',
  'USE /dashboard',
];

const recorder = new FactsRecorder();
let server: ContractServer;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Express's router internals (app.router.stack) have no public types
let app: any;

beforeAll(async () => {
  server = await startContractServer({ mode: 'api' });
  // The running app is the `request` listener of the HTTP server that answers; Node's diagnostics
  // channel hands that server over on the first request (startServer does not expose the app).
  const capture = ({ server: http }: { server: Server }) => (app ??= http.listeners('request')[0]);
  subscribe('http.server.request.start', capture as (message: unknown) => void);
  try {
    await (await fetch(`${server.url}/healthz`)).arrayBuffer();
  } finally {
    unsubscribe('http.server.request.start', capture as (message: unknown) => void);
  }
});

afterAll(async () => {
  await server?.stop();
  recorder.save(inject('reportDir'), 'drift');
});

interface MountedRoute {
  /** `GET /v1/jobs/:job_id`, or `USE /docs` for a mounted middleware. */
  route: string;
}

/** Every route of an Express 5 app (router 2): route layers, and middleware mounted under a path. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Express's router internals have no public types
function mountedRoutes(router: any, prefix = ''): MountedRoute[] {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
  return router.stack.flatMap((layer: any): MountedRoute[] => {
    if (layer.route) {
      return Object.keys(layer.route.methods)
        .filter((m) => m !== '_all')
        .map((m) => ({ route: `${m.toUpperCase()} ${prefix}${layer.route.path}` }));
    }
    if (layer.handle?.stack) return mountedRoutes(layer.handle, `${prefix}${layer.rawPath === '/' ? '' : layer.rawPath}`);
    return typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? [{ route: `USE ${prefix}${layer.rawPath}` }] : [];
  });
}

describe('server ↔ spec', () => {
  const specRoutes = operations.map((o) => `${o.method.toUpperCase()} ${expressPath(o.path)}`);

  it('has exactly one handler per operationId of the spec', () => {
    expect(Object.keys(operationHandlers).sort()).toEqual(operations.map((o) => o.operationId).sort());
    expect(new Set(operations.map((o) => o.operationId)).size).toBe(operations.length);
  });

  it('mounts every operation at its path', () => {
    const routes = mountedRoutes(app.router);
    // (Handlers cannot be matched by name: the synchronous target routes share one runner.)
    expect(specRoutes.filter((route) => !routes.some((r) => r.route === route))).toEqual([]);
    recorder.facts.drift['routes'] =
      `${operations.length} operations ↔ ${Object.keys(operationHandlers).length} handlers ↔ ${new Set(routes.map((r) => r.route).filter((r) => specRoutes.includes(r))).size} routes`;
  });

  it('mounts nothing outside the spec but the operational routes', () => {
    const outside = [...new Set(mountedRoutes(app.router).map((r) => r.route))].filter((r) => !specRoutes.includes(r));
    expect(outside.sort()).toEqual([...OPERATIONAL_ROUTES].sort());
    recorder.facts.drift['operational routes'] = OPERATIONAL_ROUTES.join(', ');
  });

  it('answers every operation over HTTP (an unknown route is the 404 "No such route.")', async () => {
    const noSuchRoute = async (method: string, path: string) => {
      const response = await fetch(`${server.url}${path}`, { method, headers: { 'Api-Key': CONTRACT_API_KEY } });
      const body = (await response.json()) as { error?: { message?: string } };
      return response.status === 404 && body.error?.message === 'No such route.';
    };
    expect(await noSuchRoute('GET', '/v1/no-such-thing')).toBe(true);
    for (const operation of operations) {
      const path = operation.path.replace(/\{[^}]+\}/g, 'x_contract_0000000000000');
      expect(await noSuchRoute(operation.method.toUpperCase(), path), `${operation.operationId}: ${operation.method.toUpperCase()} ${path}`).toBe(false);
    }
  });
});

describe('enums and the Job', () => {
  it('JOB_ENDPOINTS and JOB_STATUSES equal the spec’s enums, in spec order', () => {
    expect([...JOB_ENDPOINTS]).toEqual(enumOf('JobEndpoint'));
    expect([...JOB_STATUSES]).toEqual(enumOf('JobStatus'));
    recorder.facts.drift['enums'] = `JOB_ENDPOINTS ${JOB_ENDPOINTS.length} = spec, JOB_STATUSES ${JOB_STATUSES.length} = spec`;
  });

  it('the create union pins each endpoint once, and each endpoint has its synchronous route', () => {
    const pinned = (schemas.JobCreate!.oneOf as { $ref: string }[]).map((b) => schemas[b.$ref.split('/').pop()!]!.properties.endpoint.const as string);
    expect([...pinned].sort()).toEqual([...enumOf('JobEndpoint')].sort());
    for (const endpoint of enumOf('JobEndpoint')) expect(spec.paths[endpoint]?.post?.operationId, endpoint).toEqual(expect.any(String));
  });

  it('the Job has the 20 fields of docs/architecture.md, "The Job object", all required, no others; the type fixture names the same', () => {
    const job = schemas.Job!;
    const fields = Object.keys(job.properties);
    expect(fields).toHaveLength(20);
    expect([...job.required].sort()).toEqual([...fields].sort());
    expect(job.additionalProperties).toBe(false);
    expect([...JOB_FIELD_NAMES].sort()).toEqual([...fields].sort());
    recorder.facts.drift['Job'] = `${fields.length} fields in the spec = the type fixture (compiled by lint)`;
  });
});

describe('docs', () => {
  let browser: Browser | undefined;

  afterAll(async () => {
    await browser?.close();
  });

  it('the reference page the server serves at /docs lists every operation, each with its method and path', async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`).toBe(true);
    browser = await chromium.launch(chromiumLaunchOptions());
    const page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    const response = await page.goto(`${server.url}/docs`);
    expect(response?.status(), 'the docs site is built (npm run docs) and served').toBe(200);
    const menu = page.locator('[data-component-name="Menu/Menu"]').first();
    await menu.waitFor();

    // The sidebar lists a tag's operations once the tag is opened, as a reader would.
    const tags = (spec.tags as { name: string }[]).map((t) => t.name);
    const links = new Map<string, string>();
    for (const tag of tags) {
      await menu.getByText(tag, { exact: true }).click();
      const group = menu.locator('[data-component-name="Menu/MenuItem"]', { has: page.locator(`a[href="/${tag.toLowerCase()}"]`) }).first();
      await group.locator('a[href^="#/"]').first().waitFor();
      const found = await group
        .locator('a[href^="#/"]')
        .evaluateAll((els) => els.map((e) => [e.getAttribute('href')!, (e as HTMLElement).innerText.replace(/\s+/g, ' ').trim()] as const));
      for (const [href, text] of found) links.set(href, text);
    }

    const missing: string[] = [];
    for (const operation of operations) {
      const method = operation.method.toUpperCase();
      const entry = [...links].find(([href, text]) => href.endsWith(`/${operation.operationId.toLowerCase()}`) && text === `${operation.summary} ${method}`);
      if (!entry) {
        missing.push(`${operation.operationId} ("${operation.summary}" ${method}) is not in the sidebar`);
        continue;
      }
      // Open it: the operation renders with its path and method.
      await page.locator(`a[href="${entry[0]}"]`).first().click();
      const section = page.locator(`[id="${decodeURIComponent(entry[0]).replace(/^#\//, '')}"]`);
      await section.waitFor({ state: 'visible' });
      // The section appears before all of it is rendered (slower on a busy machine): poll its text.
      const shows = (text: string) => text.includes(operation.path) && text.includes(method);
      const rendered = await pollUntil(() => section.innerText(), shows, `${operation.operationId} to render`, 15_000).catch(() => undefined);
      if (rendered === undefined) missing.push(`${operation.operationId}: the rendered operation lacks ${method} ${operation.path}`);
    }
    // The `webhooks` section: each delivery the server makes is documented in the sidebar too.
    const webhookOperations = Object.values(spec.webhooks as Record<string, { post: { operationId: string; summary: string } }>).map((w) => w.post);
    for (const webhook of webhookOperations) {
      const listed = [...links].some(([href, text]) => href.endsWith(`/${webhook.operationId.toLowerCase()}`) && text.startsWith(webhook.summary));
      if (!listed) missing.push(`webhook ${webhook.operationId} ("${webhook.summary}") is not in the sidebar`);
    }
    expect(missing).toEqual([]);
    expect(links.size, 'the sidebar lists nothing the spec does not have').toBe(operations.length + webhookOperations.length);
    recorder.facts.drift['docs'] =
      `${operations.length}/${operations.length} operations listed and rendered with method and path, ${webhookOperations.length} webhooks listed (Chromium)`;
  });
});
