/**
 * Opens the built site (dist/, from `npm run docs`) in headless Chromium and checks that the
 * reference renders what the spec promises: the five Jobs operations and every Job field. It also
 * records every request the pages make: the site must not reach outside its own server.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromiumLaunchOptions } from '@jobs-api/test-helpers/chromium';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDirectory, type StaticServer } from './helpers/static-server.js';

/** How long one page state may take to appear (Redoc renders a 2.6 MB page: ~1 s here). */
const UI_TIMEOUT_MS = 15_000;

const distDir = fileURLToPath(new URL('../dist', import.meta.url));
const require = createRequire(import.meta.url);

interface OperationObject {
  operationId: string;
  summary: string;
  tags?: string[];
}
interface BundledSpec {
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas: { Job: { properties: Record<string, unknown> } } };
}
const spec = JSON.parse(readFileSync(require.resolve('@jobs-api/api-types/openapi.json'), 'utf8')) as BundledSpec;

const JOB_OPERATION_IDS = ['createJob', 'getJob', 'listJobs', 'cancelJob', 'retryJob'];
/** The five Jobs operations as the spec describes them: [operationId, summary, method, path]. */
const jobOperations = JOB_OPERATION_IDS.map((operationId) => {
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (operation.operationId === operationId) return [operationId, operation.summary, method.toUpperCase(), path] as const;
    }
  }
  throw new Error(`${operationId} is not in the bundled spec`);
});
const jobFields = Object.keys(spec.components.schemas.Job.properties);

let server: StaticServer;
let browser: Browser;
let context: BrowserContext;
/** Every URL any page of the context requested, in order. */
const requested: string[] = [];

beforeAll(async () => {
  if (!existsSync(`${distDir}/index.html`)) throw new Error(`${distDir}/index.html is missing: run \`npm run docs\` first`);
  server = await serveDirectory(distDir);
  browser = await chromium.launch(chromiumLaunchOptions());
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(UI_TIMEOUT_MS);
  context.on('request', (request) => requested.push(request.url()));
});

afterAll(async () => {
  // Each step runs even if an earlier one failed: Chromium must not outlive the test.
  await context?.close().catch(() => {});
  await browser?.close();
  await server?.close();
});

async function openPage(path: string): Promise<Page> {
  const page = await context.newPage();
  const response = await page.goto(new URL(path, server.url).href);
  expect(response?.status(), `GET ${path}`).toBe(200);
  return page;
}

/** The reference's sidebar (Redoc renders the same menu twice: sidebar and mobile drawer). */
const sidebar = (page: Page) => page.locator('[data-component-name="Menu/Menu"]').first();

/**
 * Opens an operation the way a reader does: expand the Jobs tag in the sidebar, click the
 * operation's summary. Redoc renders operations lazily, so this is what makes it appear; its
 * container is the element the sidebar link's hash points to.
 */
async function showOperation(page: Page, summary: string) {
  const item = sidebar(page).getByText(summary, { exact: true });
  if (!(await item.isVisible())) await sidebar(page).getByText('Jobs', { exact: true }).click();
  await item.click();
  const anchor = decodeURIComponent(new URL(page.url()).hash).replace(/^#\//, '');
  expect(anchor, `clicking "${summary}" did not navigate to an operation`).not.toBe('');
  const container = page.locator(`[id="${anchor}"]`);
  await container.waitFor({ state: 'visible' });
  return container;
}

describe('the site', () => {
  it('opens on the reference itself, with the raw spec (YAML and JSON) beside it', async () => {
    const page = await openPage('');
    await expect(page.title()).resolves.toBe('Jobs API reference');
    for (const name of ['openapi.yaml', 'openapi.json']) {
      const answer = await page.request.get(new URL(name, server.url).href);
      expect(answer.status(), name).toBe(200);
      expect(await answer.text(), `${name} is the bundled spec`).toBe(readFileSync(require.resolve(`@jobs-api/api-types/${name}`), 'utf8'));
    }
    await page.close();
  });
});

describe('reference page', () => {
  let page: Page;

  beforeAll(async () => {
    page = await openPage('');
  });

  afterAll(async () => {
    await page?.close();
  });

  it.each(jobOperations)('renders %s: "%s", %s %s', async (_operationId, summary, method, path) => {
    const operation = await showOperation(page, summary);
    // The heading's accessible name also holds its anchor link's label, so compare its text.
    expect((await operation.getByRole('heading').first().innerText()).trim()).toBe(summary);
    const text = await operation.innerText();
    expect(text).toContain(path);
    expect(text).toContain(method);
  });

  it('renders every Job field in the getJob response', async () => {
    expect(jobFields, 'the spec’s Job has the 20 fields of docs/architecture.md, "The Job object"').toHaveLength(20);
    const [, getJobSummary] = jobOperations.find(([operationId]) => operationId === 'getJob')!;
    const operation = await showOperation(page, getJobSummary);
    // Redoc marks each rendered property name with the `schema-name` class.
    const propertyNames = operation.locator('.schema-property-item .schema-name');
    await propertyNames.first().waitFor({ state: 'visible' });
    const rendered = new Set((await propertyNames.allInnerTexts()).map((name) => name.trim()));
    expect(
      jobFields.filter((field) => !rendered.has(field)),
      'Job fields missing from the page',
    ).toEqual([]);
    for (const field of jobFields) {
      await expect(
        operation
          .locator('.schema-name', { hasText: new RegExp(`^${field}$`) })
          .first()
          .isVisible(),
        `${field} is visible`,
      ).resolves.toBe(true);
    }
  });

  it('shows every tag’s page', async () => {
    for (const tag of ['Documents', 'Schemas', 'Edit', 'Templates', 'Projects', 'Evals']) {
      await sidebar(page).getByText(tag, { exact: true }).click();
      await expect.poll(() => decodeURIComponent(new URL(page.url()).hash), { timeout: UI_TIMEOUT_MS }).toBe(`#/${tag.toLowerCase()}`);
    }
  });

  // Last in the file (vitest runs a file's tests in order): every page above has been visited.
  it('no page requested anything outside the local server', async () => {
    // Let the open pages finish what they were loading (Redoc loads images after rendering).
    for (const open of context.pages()) await open.waitForLoadState('networkidle');
    const local = (url: string) => url.startsWith(server.url) || url.startsWith('blob:') || url.startsWith('data:');
    expect(requested.length, 'the test recorded no requests at all').toBeGreaterThan(0);
    expect(requested.filter((url) => !local(url))).toEqual([]);
  });
});
