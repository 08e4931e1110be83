/**
 * Every known-nasty document (cyclic and huge PDFs, image bombs, bad `data:` URLs, deep HTML and
 * JSON …) in place of the document of every operation that takes one, against a real server
 * process: each answer is 2xx or a 4xx in the one error shape, within the spec. The random run
 * plants these documents now and then; this sweep sends every pair, so an engine 500 on one pair
 * cannot hide behind a seed.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { operations, responseSchema, sampleBody, schemas, validatorFor } from '@jobs-api/test-helpers';
import { NASTY_DOCUMENTS } from '../src/corpus.js';
import { FUZZ_API_KEY, startFuzzServer, type FuzzServer } from '../src/server.js';

let server: FuzzServer;
beforeAll(async () => {
  server = await startFuzzServer();
});
afterAll(() => server?.stop());

/** `body` with every document (an object whose `url` is a `data:` URL) replaced by `document`. */
function withDocument(body: unknown, document: { filename: string; url: string }): unknown {
  if (Array.isArray(body)) return body.map((item) => withDocument(item, document));
  if (body === null || typeof body !== 'object') return body;
  const object = body as Record<string, unknown>;
  if (typeof object.url === 'string' && object.url.startsWith('data:')) return { ...object, ...document };
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, withDocument(value, document)]));
}

const takesDocuments = operations
  .map((operation) => ({ operation, example: sampleBody(operation) }))
  .filter(({ example }) => example !== undefined && JSON.stringify(example).includes('"data:'));

const errorValidator = validatorFor(schemas.Error!);

it('finds operations that take documents', () => {
  // Parse, extract, classify, split, schema generation, forms, templates, evals, jobs, projects.
  expect(takesDocuments.length).toBeGreaterThanOrEqual(11);
});

// Documents run in the engine sandboxes (two on this machine): a sweep of ~250 takes about a minute.
it('answers every nasty document on every operation that takes one with a 2xx or a clear 4xx', { timeout: 600_000 }, async () => {
  const problems: string[] = [];
  let answered = 0;
  for (const { operation, example } of takesDocuments) {
    const path = operation.path.replace(/\{[^}]+\}/g, 'missing');
    await Promise.all(
      NASTY_DOCUMENTS.map(async (document) => {
        const res = await fetch(server.url + path, {
          method: operation.method.toUpperCase(),
          headers: { 'Api-Key': FUZZ_API_KEY, 'Content-Type': 'application/json' },
          body: JSON.stringify(withDocument(example, document)),
        });
        const text = await res.text();
        answered++;
        const where = `${operation.operationId} with ${document.filename}: ${res.status}`;
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          problems.push(`${where} not JSON: ${text.slice(0, 120)}`);
          return;
        }
        if (res.status >= 500) problems.push(`${where} ${text.slice(0, 200)}`);
        else if (res.status >= 400 && !errorValidator(body)) problems.push(`${where} not the error shape: ${text.slice(0, 200)}`);
        const schema = responseSchema(operation, res.status);
        if (!schema) problems.push(`${where} status not in the spec`);
        else if (!validatorFor(schema)(body)) problems.push(`${where} answer outside the spec: ${text.slice(0, 200)}`);
      }),
    );
  }
  expect(server.exited()).toBeUndefined();
  expect(answered).toBe(takesDocuments.length * NASTY_DOCUMENTS.length);
  expect(problems).toEqual([]);
});
