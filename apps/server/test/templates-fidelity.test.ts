/**
 * The shared scanned bank-wire form end to end through the API: stored as a template (its blanks
 * found by OCR when it is created), then filled as a job with fidelity_fill_instructions.json;
 * the filled PDF's text, read back by the parse endpoint, holds each value on its page.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FilledForm, Job, ParseResult, Template } from '@jobs-api/api-types';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { realFixturesDir, realPdfDocument, waitForTerminalJob } from './forms-helpers.js';
import { startTestServer, type TestServer } from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

// OCR of three scanned pages: ~10 s on an idle 2-core machine, several times that under load.
it('creates a template from the scanned form and fills it as a job', async () => {
  const created = await server.call<Template>('POST', '/v1/edit/templates', {
    body: { name: 'Bank wire', document: realPdfDocument('fidelity_original.pdf') },
  });
  expect(created.status).toBe(200);
  expect(created.body.field_count).toBe(28);

  const instructions = JSON.parse(readFileSync(join(realFixturesDir, 'fidelity_fill_instructions.json'), 'utf8')) as Record<string, unknown>;
  const job = await server.call<Job>('POST', '/v1/jobs', {
    body: { endpoint: '/v1/edit/templates/fill', request: { template_id: created.body.id, instructions } },
  });
  expect(job.status).toBe(200);
  const done = await waitForTerminalJob(server, job.body.id, 300_000);
  expect(done.status).toBe('completed');
  const filled = done.response!.body as FilledForm;
  expect(filled.form_data.filter((field) => field.value !== null)).toHaveLength(25);

  const parsed = await server.call<ParseResult>('POST', '/v1/documents/parse', { body: { document: filled.filled_document } });
  expect(parsed.status).toBe(200);
  const [first, second, third] = parsed.body.pages;
  expect(first).toContain('Sarah Michelle Johnson');
  expect(first).toContain('Michael Robert Johnson');
  expect(first).toContain('732556123');
  expect(second).toContain('DBS Bank Ltd');
  expect(second).toContain('021000021');
  expect(second).toContain('JPMorgan Chase Bank, N.A.');
  expect(third).toContain('MICHAEL ROBERT JOHNSON');
  expect(third).toContain('07/15/2025');
}, 600_000);
