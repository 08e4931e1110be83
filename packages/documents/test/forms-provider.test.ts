/**
 * Placement by a routed model: a fake OpenAI-compatible server sees the form's fields and the
 * instructions, answers a value per field name, and the engine fills those (dropping names the
 * form does not have, checking options as for local placement). Provider failures keep their
 * retryable statuses.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFormEngine, type FormEngine } from '../src/index.js';
import { bytesOf, formFixture, pdfDocument } from './forms-helpers.js';
import { call } from './helpers/engine.js';

const requests: Array<{ model: string; messages: Array<{ role: string; content: string }> }> = [];
const replies: Array<{ status: number; content?: unknown }> = [];
const provider = http.createServer((request, response) => {
  let text = '';
  request.on('data', (chunk: Buffer) => (text += chunk.toString()));
  request.on('end', () => {
    requests.push(JSON.parse(text) as (typeof requests)[number]);
    const reply = replies.shift() ?? { status: 500 };
    const body =
      reply.status === 200
        ? {
            choices: [{ index: 0, message: { role: 'assistant', content: JSON.stringify(reply.content) } }],
            usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
          }
        : { error: 'failed' };
    response.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
});

let engine: FormEngine;
const document = pdfDocument('application.pdf', formFixture('acroform_application.pdf'));

beforeAll(async () => {
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}/v1`;
  engine = createFormEngine({ modelMap: { 'gpt-forms': { baseUrl, model: 'upstream-forms' } }, providerFetch: { timeoutMs: 5_000 } });
});
afterAll(async () => {
  provider.closeAllConnections();
  await new Promise((resolve) => provider.close(resolve));
});

describe('fill with a routed model', () => {
  it('sends the fields and the instructions, and fills what the model placed', async () => {
    replies.push({ status: 200, content: { values: { 'applicant.full_name': 'Jane Doe', membership: 'premium', newsletter: true, not_a_field: 'x' } } });
    const filled = await engine.fill({ document, instructions: 'Jane Doe wants the premium plan and the newsletter.', model: 'gpt-forms' }, call());
    expect(requests.at(-1)!.model).toBe('upstream-forms');
    const prompt = requests
      .at(-1)!
      .messages.map((message) => message.content)
      .join('\n');
    expect(prompt).toContain('"name":"membership"');
    expect(prompt).toContain('"options":["Basic","Premium","Family"]');
    expect(prompt).toContain('Jane Doe wants the premium plan');
    const form = (await PDFDocument.load(bytesOf(filled.filled_document.url))).getForm();
    expect(form.getTextField('applicant.full_name').getText()).toBe('Jane Doe');
    expect(form.getRadioGroup('membership').getSelected()).toBe('Premium');
    expect(form.getCheckBox('newsletter').isChecked()).toBe(true);
    expect(filled.form_data.find((field) => field.name === 'applicant.full_name')).toMatchObject({ value: 'Jane Doe', source: 'model (upstream-forms)' });
    expect(filled.form_data.find((field) => field.name === 'applicant.email')).toMatchObject({ value: null, reason: 'No instruction matched this field.' });
  });

  it('turns a provider failure into a retryable error and an answer without values into an invalid response', async () => {
    replies.push({ status: 503 });
    await expect(engine.fill({ document, instructions: 'Name: Jane', model: 'gpt-forms' }, call())).rejects.toThrow(
      expect.objectContaining({ code: 'model_provider_error', retryable: true }) as Error,
    );
    replies.push({ status: 200, content: { answer: 'Jane' } });
    await expect(engine.fill({ document, instructions: 'Name: Jane', model: 'gpt-forms' }, call())).rejects.toThrow(
      expect.objectContaining({ code: 'model_provider_invalid_response', retryable: true }) as Error,
    );
  });
});
