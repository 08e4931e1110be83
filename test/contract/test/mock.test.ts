/**
 * The mock (`npm run mock`: apps/mock's launcher, Prism serving the spec's examples) answers every
 * operation of the spec with what the spec promises, so a frontend built against it works against
 * the server: for every operation its default answer, and every named example of every 2xx answer
 * (picked with `Prefer`), go through the same checks as the server's answers (src/checkedFetch.ts):
 * the response schema, exact `application/json`, and for Jobs every field with its type and
 * nullability, the status rules and the timestamp rules. Only the include_request /
 * include_response rules are skipped: Prism serves fixed examples whatever the query says.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  answersEventStream,
  operations,
  PRISM_LISTENING,
  sampleBody,
  samplePath,
  startProcess,
  successes,
  type Operation,
  type RunningProcess,
} from '@jobs-api/test-helpers';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AnswerChecker } from '../src/checkedFetch.js';
import { FactsRecorder } from '../src/report.js';

const require = createRequire(import.meta.url);
const MOCK_LAUNCHER = join(dirname(require.resolve('@jobs-api/mock/package.json')), 'src/start.mjs');

const recorder = new FactsRecorder();
const checker = new AnswerChecker(undefined, { mock: true });
let mock: RunningProcess;

beforeAll(async () => {
  // MOCK_PORT=0: the launcher lets Prism pick a free port and Prism logs the URL.
  mock = await startProcess({ command: process.execPath, args: [MOCK_LAUNCHER], env: { ...process.env, MOCK_PORT: '0' }, listeningLine: PRISM_LISTENING });
});

afterAll(async () => {
  await mock?.stop();
  recorder.save(inject('reportDir'), 'mock');
});

/** A request Prism accepts: parameters from their examples, the body from the first request example. */
function sampleRequest(operation: Operation, prefer?: string): Request {
  const headers: Record<string, string> = { 'Api-Key': 'mock-any-key' };
  if (prefer) headers.Prefer = prefer;
  const body = sampleBody(operation);
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return new Request(new URL(samplePath(operation), mock.baseUrl), {
    method: operation.method.toUpperCase(),
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe.each(operations.map((operation) => [operation.operationId, operation] as const))('%s', (operationId, operation) => {
  it('answers its default 2xx with a body that passes every check', async () => {
    const response = await checker.fetch(sampleRequest(operation));
    expect(response.status, await response.clone().text()).toBe(successes(operation)[0]!.status);
    expect(checker.take()).toEqual([]);
    recorder.add('mockOperations', operationId);
  });

  it('serves every named example of every 2xx answer, each passing every check', async () => {
    const [byDefault] = successes(operation);
    let servedCount = 0;
    for (const { status, examples } of successes(operation)) {
      for (const example of examples) {
        // Prism looks an example up in the default answer unless `code` names another.
        const prefer = status === byDefault!.status ? `example=${example.name}` : `code=${status}, example=${example.name}`;
        const response = await checker.fetch(sampleRequest(operation, prefer));
        expect(response.status, `${example.name}`).toBe(status);
        // Prism trims the blank line that ends a text example's last event.
        const stream = answersEventStream(operation);
        const served = stream ? (await response.text()).trimEnd() : await response.json();
        expect(served, `${example.name} is served as written`).toEqual(stream ? String(example.value).trimEnd() : example.value);
        servedCount += 1;
      }
    }
    expect(checker.take()).toEqual([]);
    expect(servedCount, 'every 2xx answer has at least one named example').toBeGreaterThan(0);
    recorder.facts.mockExamples += servedCount;
  });
});

it('the Job examples cover every status a client can observe', () => {
  // Every status but `validating` (never answered by this build; see job-fields.test.ts).
  const statuses = [...checker.statusesOf.values()].flat();
  expect([...new Set(statuses)].sort()).toEqual(['cancelled', 'completed', 'expired', 'failed', 'in_progress', 'queued']);
  recorder.facts.drift['mock Job examples'] = `statuses ${[...new Set(statuses)].sort().join(', ')}`;
});
