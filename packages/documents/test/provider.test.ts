import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDocumentEngine, type DocumentEngine } from '../src/index.js';
import { call } from './helpers/engine.js';
import { documentRef, localFixture } from './helpers/fixtures.js';

interface Recorded {
  path: string;
  authorization: string | undefined;
  body: { model: string; messages: Array<{ role: string; content: string }>; response_format?: { type: string; json_schema?: { schema: unknown } } };
}

/** A fake OpenAI-compatible server: answers from a queue of canned replies and records requests. */
function fakeProvider() {
  const requests: Recorded[] = [];
  const replies: Array<{ status: number; body: unknown; headers?: Record<string, string> }> = [];
  const server = http.createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      requests.push({ path: request.url ?? '', authorization: request.headers.authorization, body: JSON.parse(text) as Recorded['body'] });
      const reply = replies.shift() ?? { status: 500, body: { error: 'no reply queued' } };
      if (reply.status === 0) return; // never answer: lets the client time out
      response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers }).end(JSON.stringify(reply.body));
    });
  });
  const answer = (content: unknown) => ({
    status: 200,
    body: {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content: typeof content === 'string' ? content : JSON.stringify(content) }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
    },
  });
  return { server, requests, replies, answer };
}

const provider = fakeProvider();
let engine: DocumentEngine;
const document = documentRef('order.txt', 'text/plain', localFixture('order.txt'));

beforeAll(async () => {
  await new Promise<void>((resolve) => provider.server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(provider.server.address() as AddressInfo).port}/v1`;
  engine = createDocumentEngine({
    modelMap: { 'gpt-test': { baseUrl, apiKey: 'sk-test', model: 'upstream-model' } },
    providerFetch: { timeoutMs: 1_000 },
    ocr: { poolSize: 1 },
  });
});
afterAll(async () => {
  await engine.close();
  provider.server.closeAllConnections();
  await new Promise((resolve) => provider.server.close(resolve));
});
beforeEach(() => {
  provider.requests.length = 0;
  provider.replies.length = 0;
});

describe('OpenAI-compatible routing', () => {
  it('knows mapped names as well as retab-* names', () => {
    expect(engine.isKnownModel('gpt-test')).toBe(true);
    expect(engine.isKnownModel('retab-large')).toBe(true);
    expect(engine.isKnownModel('gpt-other')).toBe(false);
  });

  it('extracts with structured outputs and validates the answer', async () => {
    provider.replies.push(provider.answer({ order_number: 'PO-7731', total_amount: null }));
    const schema = { type: 'object', properties: { order_number: { type: 'string' }, total_amount: { type: 'number' } }, required: ['order_number'] };
    const result = await engine.extract({ document, json_schema: schema, model: 'gpt-test', temperature: 0 }, call());
    expect(result.model).toBe('gpt-test');
    expect(result.choices[0]!.message.parsed).toEqual({ order_number: 'PO-7731', total_amount: null });
    expect(result.missing_fields).toEqual(['total_amount']);
    expect(result.likelihoods).toEqual({ order_number: 1, total_amount: 0 });
    expect(result.usage).toEqual({ prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 });
    const [sent] = provider.requests;
    expect(sent!.path).toBe('/v1/chat/completions');
    expect(sent!.authorization).toBe('Bearer sk-test');
    expect(sent!.body.model).toBe('upstream-model');
    expect(sent!.body.response_format?.type).toBe('json_schema');
    expect(sent!.body.messages.at(-1)!.content).toContain('PO-7731');
  });

  it('votes over n_consensus provider answers', async () => {
    provider.replies.push(
      provider.answer({ order_number: 'PO-7731' }),
      provider.answer({ order_number: 'PO-7731' }),
      provider.answer({ order_number: 'PO-1111' }),
    );
    const schema = { type: 'object', properties: { order_number: { type: 'string' } } };
    const result = await engine.extract({ document, json_schema: schema, model: 'gpt-test', n_consensus: 3 }, call());
    expect(result.choices[0]!.message.parsed).toEqual({ order_number: 'PO-7731' });
    expect(result.likelihoods.order_number).toBeCloseTo(2 / 3, 2);
    expect(provider.requests).toHaveLength(3);
  });

  it('classifies with a JSON answer naming a category', async () => {
    provider.replies.push(provider.answer({ classification: 'order', reasoning: 'It says purchase order.' }));
    const categories = [
      { name: 'order', description: 'a purchase order' },
      { name: 'invoice', description: 'an invoice' },
    ];
    const result = await engine.classify({ document, categories, model: 'gpt-test' }, call());
    expect(result.result).toEqual({ classification: 'order', reasoning: 'It says purchase order.' });
  });

  it('splits and generates schemas with validated JSON answers', async () => {
    provider.replies.push(provider.answer({ splits: [{ name: 'order', pages: [1] }] }));
    const split = await engine.split({ document, subdocuments: [{ name: 'order', description: 'an order' }], model: 'gpt-test' }, call());
    expect(split.splits).toEqual([{ name: 'order', pages: [1] }]);
    const schema = { type: 'object', properties: { order_number: { type: 'string' } } };
    provider.replies.push(provider.answer(`\`\`\`json\n${JSON.stringify({ json_schema: schema })}\n\`\`\``));
    expect(await engine.generateSchema({ documents: [document], model: 'gpt-test' }, call())).toEqual({ json_schema: schema });
  });

  it.each([
    ['a category that was not offered', { classification: 'receipt', reasoning: '' }],
    ['text that is not JSON', 'I think it is an order'],
  ])('treats %s as a retryable invalid response', async (_name, content) => {
    provider.replies.push(provider.answer(content));
    const categories = [{ name: 'order', description: 'a purchase order' }];
    await expect(engine.classify({ document, categories, model: 'gpt-test' }, call())).rejects.toMatchObject({
      code: 'model_provider_invalid_response',
      retryable: true,
    });
  });

  it('rejects splits that do not cover every page exactly once', async () => {
    provider.replies.push(provider.answer({ splits: [{ name: 'order', pages: [1, 1] }] }));
    await expect(engine.split({ document, subdocuments: [{ name: 'order', description: 'an order' }], model: 'gpt-test' }, call())).rejects.toMatchObject({
      code: 'model_provider_invalid_response',
    });
  });

  it.each([
    [
      '429',
      { status: 429, body: { error: 'slow down' }, headers: { 'retry-after': '7' } },
      { code: 'model_provider_rate_limited', status: 503, retryable: true, details: { retry_after_seconds: 7 } },
    ],
    ['500', { status: 500, body: { error: 'boom' } }, { code: 'model_provider_error', status: 502, retryable: true }],
    ['503', { status: 503, body: { error: 'overloaded' } }, { code: 'model_provider_error', retryable: true }],
    ['400', { status: 400, body: { error: 'bad schema' } }, { code: 'model_provider_rejected', status: 422, retryable: false }],
    ['401', { status: 401, body: { error: 'bad key' } }, { code: 'model_provider_rejected', retryable: false }],
    ['a timeout', { status: 0, body: null }, { code: 'model_provider_unreachable', status: 504, retryable: true }],
  ])('maps a provider %s', async (_name, reply, expected) => {
    provider.replies.push(reply);
    const schema = { type: 'object', properties: { order_number: { type: 'string' } } };
    await expect(engine.extract({ document, json_schema: schema, model: 'gpt-test' }, call())).rejects.toMatchObject(expected);
  });

  it('aborts a pending provider call with an AbortError', async () => {
    provider.replies.push({ status: 0, body: null });
    const controller = new AbortController();
    const schema = { type: 'object', properties: { order_number: { type: 'string' } } };
    const pending = engine.extract({ document, json_schema: schema, model: 'gpt-test' }, { signal: controller.signal });
    // Abort once the request has reached the provider.
    await expect.poll(() => provider.requests.length).toBe(1);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});
