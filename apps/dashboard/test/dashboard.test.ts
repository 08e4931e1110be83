/**
 * The dashboard in headless Chromium against a real server: `startServer` in `api` mode (no
 * worker, so created jobs stay queued) on an ephemeral port with a fresh SQLite DATA_DIR, serving
 * the built dist/ at /dashboard. A person's path through it: sign in with the "API key" field, see
 * the jobs, filter them, cancel and retry one, sign in as another organization and see none.
 *
 * Every request of the browser is intercepted: one that is not for the server's origin is aborted
 * and fails the test. Console errors fail it too. Screenshots of the overview, the list and a job
 * at 1280 and 390 px go to test-artifacts/ (git-ignored) for a person to look at.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJobsClient, unwrap, type Job, type JobsClient } from '@jobs-api/client';
import { startServer, storeApiKey, type RunningServer } from '@jobs-api/server';
import { chromiumLaunchOptions } from '@jobs-api/test-helpers/chromium';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** How long one page state may take to appear (the list polls every 3 s; a loaded machine is slower). */
const UI_TIMEOUT_MS = 20_000;
const WIDE = { width: 1280, height: 900 };
const NARROW = { width: 390, height: 844 };

const distDir = fileURLToPath(new URL('../dist', import.meta.url));
const artifactsDir = fileURLToPath(new URL('../test-artifacts', import.meta.url));

const KEY = `sk_test_${randomBytes(12).toString('hex')}`;
const OTHER_KEY = `sk_test_${randomBytes(12).toString('hex')}`;
/** Marks this run's jobs, so the metadata filter has something to narrow. */
const RUN = randomBytes(4).toString('hex');

let dataDir: string;
let server: RunningServer;
let origin: string;
let api: JobsClient;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Requests the page tried to send anywhere but the server (aborted). */
const leftTheHost: string[] = [];
const localRequests: string[] = [];
/** Requests sent and not yet answered (to wait until the page is quiet). */
let requestsInFlight = 0;
const consoleErrors: string[] = [];

/** The jobs of the test: two queued invoices for one customer, one cancelled receipt for another. */
const jobs: Record<'invoice' | 'contract' | 'receipt', Job> = {} as never;
/** A document large enough to be shown truncated (the page prints `data:` URLs over 120 characters as a preview). */
const LARGE_TEXT = 'Invoice number: 12398982\nTotal: 561\n'.repeat(200);

function parseRequest(filename: string, text: string) {
  return { document: { filename, url: `data:text/plain;base64,${Buffer.from(text).toString('base64')}` } };
}

beforeAll(async () => {
  if (!existsSync(join(distDir, 'index.html'))) throw new Error(`${distDir}/index.html is missing: run \`npm run build -w @jobs-api/dashboard\` first`);
  mkdirSync(artifactsDir, { recursive: true });
  dataDir = await mkdtemp(join(tmpdir(), 'jobs-dashboard-test-'));
  server = await startServer({ mode: 'api', dataDir, port: 0, apiKey: KEY, logLevel: 'warn' });
  origin = new URL(server.url!).origin;
  await storeApiKey(server.store, OTHER_KEY, 'org_other', Date.now());

  api = createJobsClient({ baseUrl: origin, apiKey: KEY });
  jobs.invoice = await api.jobs.create({
    endpoint: '/v1/documents/parse',
    request: parseRequest(`invoice-${RUN}.txt`, LARGE_TEXT),
    metadata: { run: RUN, customer: 'acme' },
  });
  jobs.contract = await api.jobs.create({
    endpoint: '/v1/documents/parse',
    request: parseRequest(`contract-${RUN}.txt`, 'Contract'),
    metadata: { run: RUN, customer: 'acme' },
  });
  jobs.receipt = await api.jobs.create({
    endpoint: '/v1/documents/parse',
    request: parseRequest(`receipt-${RUN}.txt`, 'Receipt'),
    metadata: { run: RUN, customer: 'globex' },
  });
  await api.jobs.cancel(jobs.receipt.id);

  browser = await chromium.launch(chromiumLaunchOptions());
  context = await browser.newContext({ viewport: WIDE });
  context.setDefaultTimeout(UI_TIMEOUT_MS);
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith('data:') || url.startsWith('blob:') || new URL(url).origin === origin) {
      localRequests.push(url);
      requestsInFlight += 1;
      await route.continue();
    } else {
      leftTheHost.push(url);
      await route.abort('blockedbyclient');
    }
  });
  const settled = () => {
    requestsInFlight -= 1;
  };
  context.on('requestfinished', settled);
  context.on('requestfailed', settled);
  page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
  // Chromium's console line for a failed load does not name the URL; this does.
  page.on('response', (response) => {
    if (response.status() >= 400) consoleErrors.push(`HTTP ${response.status()} ${response.request().method()} ${response.url()}`);
  });
});

afterAll(async () => {
  // Each step runs even if an earlier one failed: Chromium and the server must not outlive the test.
  await context?.close().catch(() => {});
  await browser?.close().catch(() => {});
  await server?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function screenshot(name: string) {
  for (const [label, viewport] of [
    ['1280', WIDE],
    ['390', NARROW],
  ] as const) {
    await page.setViewportSize(viewport);
    // Let layout settle (the chart resizes to its container) before the picture is taken.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await page.screenshot({ path: join(artifactsDir, `${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize(WIDE);
}

async function signIn(apiKey: string) {
  await page.getByLabel('API key', { exact: true }).fill(apiKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
}

/** The ids of the job rows on the page once the list is loaded. */
async function listedIds(): Promise<string[]> {
  await page.locator('tbody[aria-busy="false"]').first().waitFor({ state: 'attached' });
  return page.locator('tr[data-job-id]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-job-id')!));
}

const ourIds = () => Object.values(jobs).map((job) => job.id);

describe('dashboard against a real server', () => {
  it('refuses a wrong key with a clear 401 message, then signs in through the "API key" field', async () => {
    const response = await page.goto(`${origin}/dashboard/`);
    expect(response?.status()).toBe(200);
    await page.getByLabel('API key', { exact: true }).fill('sk_not_a_key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toMatch(/refused this key \(401 Unauthorized\)/);
    // The browser logs the refused request itself; that one expected line is not a page error.
    const refused = consoleErrors.splice(0).filter((line) => !/status of 401|^HTTP 401 GET .*\/v1\/jobs\?limit=1$/.test(line));
    expect(refused).toEqual([]);

    await signIn(KEY);
    expect(await page.evaluate(() => Object.values(sessionStorage))).toEqual([KEY]);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    expect(await context.cookies()).toEqual([]);
    expect(page.url()).not.toContain(KEY);
  });

  it('shows counts for all seven statuses and a red banner while no worker is alive', async () => {
    await expect.poll(() => page.getByTestId('count-queued').innerText()).toBe('2');
    expect(await page.getByTestId('count-cancelled').innerText()).toBe('1');
    for (const status of ['validating', 'in_progress', 'completed', 'failed', 'expired'])
      expect(await page.getByTestId(`count-${status}`).innerText(), status).toBe('0');
    await expect.poll(() => page.locator('.banner-danger').innerText()).toContain('No worker is alive');
    expect(await page.getByTestId('live-workers').innerText()).toBe('0');
    await expect.poll(() => page.locator('figcaption').innerText()).toContain('3 created');
    await screenshot('overview');
  });

  it('lists the jobs created in the test, with their file names', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
    await page.getByRole('heading', { level: 1, name: 'Jobs' }).waitFor();
    // A new view puts focus on its heading, so keyboard and screen-reader users start there.
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    expect((await listedIds()).sort()).toEqual(ourIds().sort());
    await expect.poll(() => page.locator(`tr[data-job-id="${jobs.invoice.id}"] td[data-label="filename"]`).innerText()).toBe(`invoice-${RUN}.txt`);
    await screenshot('jobs');
  });

  it('narrows the list by status, and puts the filter in the URL', async () => {
    await page.getByRole('checkbox', { name: 'cancelled' }).check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(listedIds).toEqual([jobs.receipt.id]);
    expect(new URL(page.url()).hash).toBe('#/jobs?status=cancelled');
    // The URL alone reproduces the view (a shared link).
    await page.goto(`${origin}/dashboard/#/jobs?status=queued`);
    await expect.poll(async () => (await listedIds()).sort()).toEqual([jobs.invoice.id, jobs.contract.id].sort());
  });

  it('narrows the list by a metadata pair', async () => {
    await page.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(async () => (await listedIds()).length).toBe(3);
    await page.getByLabel('Metadata key').fill('customer');
    await page.getByLabel('Metadata value').fill('globex');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(listedIds).toEqual([jobs.receipt.id]);
    await page.getByLabel('Metadata value').fill('acme');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(async () => (await listedIds()).sort()).toEqual([jobs.invoice.id, jobs.contract.id].sort());
  });

  it('cancels a queued job from its page, then retries it', async () => {
    await page.getByRole('link', { name: jobs.invoice.id }).click();
    await page.getByRole('heading', { level: 1, name: jobs.invoice.id }).waitFor();
    const status = page.locator('.current-status');
    await expect.poll(() => status.innerText()).toContain('queued');
    const cancel = page.getByRole('button', { name: 'Cancel', exact: true });
    const retry = page.getByRole('button', { name: 'Retry', exact: true });
    expect(await cancel.isEnabled()).toBe(true);
    expect(await retry.isEnabled()).toBe(false);

    // Every field of the Job is on the page; the large document is a preview with its size, not the whole base64.
    for (const field of Object.keys(await api.jobs.retrieve(jobs.invoice.id))) {
      expect(await page.locator(`[data-field="${field}"]`).count(), `field ${field}`).toBe(1);
    }
    const pageText = await page.locator('main').innerText();
    expect(pageText).not.toContain(Buffer.from(LARGE_TEXT).toString('base64'));
    expect(pageText).toMatch(/text\/plain, 7\.0 KiB/);
    expect(await page.getByRole('button', { name: `Download invoice-${RUN}.txt` }).count()).toBe(1);
    await screenshot('job');

    await cancel.click();
    await expect.poll(() => status.innerText()).toContain('cancelled');
    expect((await api.jobs.retrieve(jobs.invoice.id)).status).toBe('cancelled');
    expect(await cancel.isEnabled()).toBe(false);

    await retry.click();
    await expect.poll(() => status.innerText()).toContain('queued');
    expect((await api.jobs.retrieve(jobs.invoice.id)).status).toBe('queued');
    expect(await retry.isEnabled()).toBe(false);
  });

  it('picks up a change made elsewhere without a reload', async () => {
    await api.jobs.cancel(jobs.invoice.id);
    await expect.poll(() => page.locator('.current-status').innerText()).toContain('cancelled');
  });

  it('shows the API’s refusal when the job changed since the page last looked', async () => {
    const status = page.locator('.current-status');
    // A background tab does not poll (src/live/updates.ts): hide this one, let its last call finish,
    // and it keeps showing "cancelled" while another client retries the job.
    await page.evaluate(() => Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' }));
    await expect.poll(() => requestsInFlight).toBe(0);
    await api.jobs.retry(jobs.invoice.id);
    expect(await status.innerText()).toContain('cancelled');

    await page.getByRole('button', { name: 'Retry', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toMatch(/^Retry refused: .*\(job_not_retryable, HTTP 409\)$/);
    // The browser logs the refused call itself; nothing else may have been logged.
    expect(consoleErrors.splice(0).filter((line) => !/status of 409|^HTTP 409 POST .*\/retry$/.test(line))).toEqual([]);

    // After a refusal the page reads the job again, polling or not.
    await expect.poll(() => status.innerText()).toContain('queued');
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
      document.dispatchEvent(new Event('visibilitychange'));
    });
  });

  it('lists projects in a table that links to each, and shows a project’s fields', async () => {
    const created = unwrap(
      await api.api.POST('/v1/projects', {
        body: { name: `Invoices ${RUN}`, kind: 'classify', categories: [{ name: 'invoice', description: 'An invoice' }] },
      }),
    );
    await page.goto(`${origin}/dashboard/#/projects`);
    await page.getByRole('heading', { level: 1, name: 'Projects' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: created.id });
    await expect.poll(() => row.getByRole('cell').allInnerTexts()).toEqual([`Invoices ${RUN}`, 'classify', '0', expect.any(String), created.id]);
    await row.getByRole('link', { name: `Invoices ${RUN}` }).click();
    await page.getByRole('heading', { level: 1, name: `Invoices ${RUN}` }).waitFor();
    expect(await page.locator('dl.fields dt').allInnerTexts()).toEqual(['id', 'kind', 'document_count', 'created_at', 'organization_id']);
    expect(await page.getByText('No documents yet.').count()).toBe(1);
  });

  it('shows another organization none of these jobs', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key', { exact: true }).waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    // By keyboard only: the field has focus on arrival, Enter submits.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('api-key');
    await page.keyboard.type(OTHER_KEY);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    for (const status of ['queued', 'cancelled']) await expect.poll(() => page.getByTestId(`count-${status}`).innerText(), { message: status }).toBe('0');
    await page.goto(`${origin}/dashboard/#/jobs`);
    await page.getByRole('heading', { level: 1, name: 'Jobs' }).waitFor();
    expect(await listedIds()).toEqual([]);
    expect(await page.getByText('No jobs yet.').count()).toBe(1);
    const text = await page.locator('main').innerText();
    for (const id of ourIds()) expect(text).not.toContain(id);
  });

  // Last in the file (vitest runs a file's tests in order): every view above has been visited.
  it('sent no request outside the server and logged no console error', () => {
    expect(localRequests.length, 'the test recorded no requests at all').toBeGreaterThan(0);
    expect(leftTheHost).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
