/**
 * The end-to-end suite: the job lifecycle through plain HTTP against two deployments given by base
 * URL (see servers.ts): create, poll, list, cancel, retry, idempotency and the error answers.
 *
 * It runs unchanged directly against the server (test/direct.test.ts) and through a validating
 * proxy (`prism proxy --errors`, in @jobs-api/contract-tests). Through the proxy, the requests the
 * suite sends invalid on purpose are answered by Prism itself and never reach the server; the
 * direct run is where the server's answers to those are checked.
 */
import { isTerminalStatus, type Job, type JobList } from '@jobs-api/api-types';
import { describe, expect, it } from 'vitest';
import { Http, pollUntil, textDataUrl, type Answer, type Deployment, type Exchange } from './http.js';

export interface E2eTarget {
  /** Runs jobs (API + worker). */
  jobs: Deployment;
  /** Has no worker: its jobs stay queued. */
  queued: Deployment;
  /** A validating proxy answers in front of both (its own answers to invalid requests are accepted). */
  viaProxy: boolean;
  /** Every exchange of the suite is appended here. */
  exchanges: Exchange[];
}

/** Defines the suite; `target()` is read when the tests run (after the caller's beforeAll). */
export function describeE2e(name: string, target: () => E2eTarget): void {
  // One id per run, in every job's metadata: list assertions only see this run's jobs even on a
  // deployment shared with other runs.
  const run = `e2e-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const jobs = () => new Http(target().jobs, 'jobs', target().exchanges);
  const queued = () => new Http(target().queued, 'queued', target().exchanges);

  const text = 'Invoice number: 12398982\nTotal: 561';
  const parseBody = (label: string, content = text) => ({
    endpoint: '/v1/documents/parse',
    request: { document: { filename: `${label}.txt`, url: textDataUrl(content) } },
    metadata: { run, case: label },
  });
  // Declared a PDF, the bytes are text: the parse handler answers 422 (mime_type_mismatch), so the
  // job fails at its first attempt, deterministically, without any test-only handler.
  const unreadableBody = (label: string) => ({
    endpoint: '/v1/documents/parse',
    request: { document: { filename: `${label}.pdf`, url: textDataUrl('not a PDF at all', 'application/pdf') } },
    metadata: { run, case: label },
  });

  const getJob = (http: Http, id: string, query = '') => http.call<Job>('GET', `/v1/jobs/${id}${query}`);
  /** Polls until the job leaves the non-terminal statuses; answers every status it was seen in, in order. */
  async function untilTerminal(http: Http, id: string): Promise<{ job: Job; seen: string[] }> {
    const seen: string[] = [];
    const answer = await pollUntil(
      () => getJob(http, id),
      (a) => {
        expect(a.status, JSON.stringify(a.body)).toBe(200);
        if (seen.at(-1) !== a.body.status) seen.push(a.body.status);
        return isTerminalStatus(a.body.status);
      },
      `job ${id} to finish`,
    );
    return { job: answer.body, seen };
  }

  /** A server error answer in the one error shape, with exactly `application/json` (docs/architecture.md, "Wire compatibility"). */
  function expectError(answer: Answer<unknown>, status: number, code: string) {
    expect(answer.answeredByProxy, `the server (not a proxy) answered ${JSON.stringify(answer.body)}`).toBe(false);
    expect(answer.status, JSON.stringify(answer.body)).toBe(status);
    expect(answer.contentType).toBe('application/json');
    expect(answer.body).toMatchObject({ error: { code, message: expect.any(String), request_id: expect.any(String) } });
  }

  /**
   * An answer to a request sent invalid on purpose: the server's error, or, through a validating
   * proxy, the proxy's own rejection with `proxyStatus`.
   */
  function expectRejected(answer: Answer<unknown>, status: number, code: string, proxyStatus = status) {
    if (answer.answeredByProxy) {
      expect(target().viaProxy, 'a proxy answered although the suite runs directly').toBe(true);
      expect(answer.status, JSON.stringify(answer.body)).toBe(proxyStatus);
      return;
    }
    expectError(answer, status, code);
  }

  describe(`${name}: job lifecycle`, () => {
    it('creates a parse job (200, queued, the request echoed as submitted) that completes with the text', async () => {
      const body = parseBody('complete');
      const created = await jobs().call<Job>('POST', '/v1/jobs', { body });
      expect(created.status, JSON.stringify(created.body)).toBe(200);
      expect(created.contentType).toBe('application/json');
      expect(created.headers.get('x-request-id')).toMatch(/\S/);
      expect(created.body).toMatchObject({ object: 'job', status: 'queued', endpoint: body.endpoint, request: body.request, metadata: body.metadata });
      expect(created.body.warnings).toBeNull();

      const { job, seen } = await untilTerminal(jobs(), created.body.id);
      expect(job.status).toBe('completed');
      expect(['queued', 'in_progress', 'completed']).toEqual(expect.arrayContaining(seen));
      // Polling stays light: no payloads unless asked for.
      expect(job.request).toBeNull();
      expect(job.response).toBeNull();

      const withResponse = (await getJob(jobs(), job.id, '?include_response=true')).body;
      expect(withResponse.response?.status_code).toBe(200);
      expect((withResponse.response?.body as { text?: string }).text).toContain('12398982');
      expect(withResponse.request).toBeNull();
      const withRequest = (await getJob(jobs(), job.id, '?include_request=true')).body;
      expect(withRequest.request).toEqual(body.request);
      expect(withRequest.response).toBeNull();
      expect(job.attempt_count).toBe(1);
      expect(job.completed_at).toBeGreaterThanOrEqual(job.started_at!);
    });

    it('fails a job whose input the endpoint rejects (4xx) at once; retry runs it again under the same id', async () => {
      const created = await jobs().call<Job>('POST', '/v1/jobs', { body: unreadableBody('fail') });
      expect(created.status).toBe(200);
      const { job: failed } = await untilTerminal(jobs(), created.body.id);
      expect(failed.status).toBe('failed');
      expect(failed.attempt_count).toBe(1);
      expect(failed.error?.code).toBe(failed.last_failure_code);
      const statusCode = (failed.error?.details as { status_code?: number } | undefined)?.status_code;
      expect(statusCode).toBeGreaterThanOrEqual(400);
      expect(statusCode).toBeLessThan(500);

      const retried = await jobs().call<Job>('POST', `/v1/jobs/${failed.id}/retry`, { body: {} });
      expect(retried.status, JSON.stringify(retried.body)).toBe(200);
      expect(retried.body).toMatchObject({ id: failed.id, status: 'queued', error: null, completed_at: null });
      const { job: again } = await untilTerminal(jobs(), failed.id);
      expect(again.status).toBe('failed');
      expect(again.attempt_count).toBe(2);
    });

    it('a job no worker can take is answered 202 dispatch_delayed; cancel, cancel again, retry, cancel', async () => {
      const created = await queued().call<Job>('POST', '/v1/jobs', { body: parseBody('cancel') });
      expect(created.status, JSON.stringify(created.body)).toBe(202);
      expect(created.body.status).toBe('queued');
      expect(created.body.warnings).toEqual([{ code: 'dispatch_delayed', message: expect.any(String) }]);
      expect((await getJob(queued(), created.body.id)).body.status).toBe('queued');

      const cancelled = await queued().call<Job>('POST', `/v1/jobs/${created.body.id}/cancel`, { body: {} });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ id: created.body.id, status: 'cancelled', cancelled: true });
      expect(cancelled.body.completed_at).not.toBeNull();
      const again = await queued().call<Job>('POST', `/v1/jobs/${created.body.id}/cancel`, { body: {} });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(cancelled.body);

      const retried = await queued().call<Job>('POST', `/v1/jobs/${created.body.id}/retry`, { body: {} });
      expect(retried.status).toBe(200);
      expect(retried.body).toMatchObject({ id: created.body.id, status: 'queued', cancelled: false, completed_at: null });
      const notRetryable = await queued().call('POST', `/v1/jobs/${created.body.id}/retry`, { body: {} });
      expectError(notRetryable, 409, 'job_not_retryable');
      expect((await queued().call<Job>('POST', `/v1/jobs/${created.body.id}/cancel`, { body: {} })).body.status).toBe('cancelled');
    });

    it('lists jobs: metadata, status, endpoint and id filters, cursor pages both ways, order, payloads on request', async () => {
      // On the worker-less deployment, so the statuses do not move while the test reads them.
      const ids: string[] = [];
      for (const n of [1, 2, 3]) {
        const created = await queued().call<Job>('POST', '/v1/jobs', { body: parseBody(`list-${n}`) });
        expect(created.status).toBe(202);
        ids.push(created.body.id);
      }
      const newestFirst = [...ids].reverse();
      const list = (query: Record<string, string | string[]>) => {
        // Array filters repeated (`status=a&status=b`), as the spec declares them (style form, explode).
        const params = new URLSearchParams();
        for (const [k, v] of Object.entries({ metadata: JSON.stringify({ run }), ...query })) for (const value of [v].flat()) params.append(k, value);
        return queued().call<JobList>('GET', `/v1/jobs?${params}`);
      };
      const filter = { endpoint: '/v1/documents/parse', status: 'queued' };

      const first = await list({ ...filter, limit: '2' });
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      expect(first.body).toMatchObject({ object: 'list', has_more: true, first_id: newestFirst[0], last_id: newestFirst[1] });
      expect(first.body.data.map((j) => j.id)).toEqual(newestFirst.slice(0, 2));
      expect(first.body.data.every((j) => j.request === null && j.response === null)).toBe(true);

      const second = await list({ ...filter, limit: '2', after: first.body.last_id! });
      expect(second.body.data.map((j) => j.id)).toEqual(newestFirst.slice(2));
      expect(second.body.has_more).toBe(false);
      const back = await list({ ...filter, limit: '2', before: second.body.first_id! });
      expect(back.body.data.map((j) => j.id)).toEqual(newestFirst.slice(0, 2));

      const ascending = await list({ ...filter, order: 'asc' });
      expect(ascending.body.data.map((j) => j.id)).toEqual(ids);
      const byId = await list({ id: [ids[0]!, ids[2]!], include_request: 'true' });
      expect(byId.body.data.map((j) => j.id)).toEqual([ids[2], ids[0]]);
      expect(byId.body.data.every((j) => j.request !== null)).toBe(true);
      const byCase = await list({ metadata: JSON.stringify({ run, case: 'list-2' }) });
      expect(byCase.body.data.map((j) => j.id)).toEqual([ids[1]]);
      expect((await list({ status: 'completed' })).body.data).toEqual([]);
      for (const id of ids) await queued().call('POST', `/v1/jobs/${id}/cancel`, { body: {} });
    });

    it('replays a create with the same Idempotency-Key; the key with another body is a 422', async () => {
      const key = `${run}-idempotent`;
      const headers = { 'Idempotency-Key': key };
      const first = await jobs().call<Job>('POST', '/v1/jobs', { body: parseBody('idempotent'), headers });
      expect(first.status).toBe(200);
      const replay = await jobs().call<Job>('POST', '/v1/jobs', { body: parseBody('idempotent'), headers });
      expect(replay.status).toBe(200);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.body.id).toBe(first.body.id);
      const mismatch = await jobs().call('POST', '/v1/jobs', { body: parseBody('idempotent', 'another document'), headers });
      expectError(mismatch, 422, 'idempotency_key_mismatch');
      await untilTerminal(jobs(), first.body.id);
    });
  });

  describe(`${name}: events, stream, long-poll and webhook endpoints`, () => {
    // On the deployment without a worker: nothing there runs jobs or delivers webhooks, so every
    // step is driven by the suite and no delivery is ever attempted to any address.
    it("a job's events: listed, retrieved, streamed (closing after the terminal event), redelivered to no endpoint", async () => {
      const created = await queued().call<Job>('POST', '/v1/jobs', { body: parseBody('events') });
      expect(created.status).toBe(202);
      const held = await queued().call<Job>('GET', `/v1/jobs/${created.body.id}?wait=1`);
      expect(held.status).toBe(200);
      expect(held.body.status).toBe('queued');
      expect((await queued().call('POST', `/v1/jobs/${created.body.id}/cancel`, { body: {} })).status).toBe(200);

      const listed = await queued().call<{ object: string; data: { id: string; type: string; data: Job }[]; has_more: boolean }>(
        'GET',
        `/v1/events?job_id=${created.body.id}&order=asc`,
      );
      expect(listed.status).toBe(200);
      expect(listed.body.data.map((e) => e.type)).toEqual(['job.queued', 'job.cancelled']);
      expect(listed.body.data.every((e) => e.data.id === created.body.id)).toBe(true);
      const onlyCancelled = await queued().call<{ data: { type: string }[] }>('GET', `/v1/events?job_id=${created.body.id}&type=job.cancelled`);
      expect(onlyCancelled.body.data.map((e) => e.type)).toEqual(['job.cancelled']);
      const [first, last] = listed.body.data;
      const got = await queued().call<{ id: string }>('GET', `/v1/events/${last!.id}`);
      expect(got.status).toBe(200);
      expect(got.body).toEqual(last);

      const stream = await queued().call<string>('GET', `/v1/jobs/${created.body.id}/events`, { headers: { 'Last-Event-ID': '0' } });
      expect(stream.status).toBe(200);
      expect(stream.contentType).toMatch(/^text\/event-stream/);
      expect([...stream.body.matchAll(/^id: (\d+)\nevent: (\S+)$/gm)].map((m) => `${m[1]} ${m[2]}`)).toEqual(['1 job.queued', '2 job.cancelled']);
      const resumed = await queued().call<string>('GET', `/v1/jobs/${created.body.id}/events`, { headers: { 'Last-Event-ID': '1' } });
      expect([...resumed.body.matchAll(/^event: (\S+)$/gm)].map((m) => m[1])).toEqual(['job.cancelled']);

      const redelivered = await queued().call('POST', `/v1/events/${first!.id}/redeliver`, { body: {} });
      expect(redelivered.status).toBe(202);
      expect(redelivered.body).toEqual({ object: 'event_redelivery', event_id: first!.id, webhook_endpoint_ids: [] });
    });

    it('webhook endpoints: a URL the SSRF guard refuses is a 422; unknown ids are 404 for every endpoint operation', async () => {
      // 192.0.2.0/24 is reserved for documentation: refused like a private address, and never reached.
      const refused = await queued().call('POST', '/v1/webhook_endpoints', { body: { url: 'https://192.0.2.10/hooks' } });
      expectError(refused, 422, 'url_refused');
      const list = await queued().call<{ object: string; data: unknown[] }>('GET', '/v1/webhook_endpoints?limit=5');
      expect(list.status).toBe(200);
      expect(list.body.object).toBe('list');
      const unknown = 'we_doesNotExist0000000000';
      expectError(await queued().call('GET', `/v1/webhook_endpoints/${unknown}`), 404, 'not_found');
      expectError(await queued().call('PATCH', `/v1/webhook_endpoints/${unknown}`, { body: { status: 'disabled' } }), 404, 'not_found');
      expectError(await queued().call('DELETE', `/v1/webhook_endpoints/${unknown}`), 404, 'not_found');
      expectError(await queued().call('POST', `/v1/webhook_endpoints/${unknown}/rotate_secret`), 404, 'not_found');
      expectError(await queued().call('GET', `/v1/webhook_endpoints/${unknown}/deliveries`), 404, 'not_found');
      expectError(await queued().call('GET', '/v1/events/evt_000000000000000000000000'), 404, 'not_found');
      expectError(await queued().call('GET', '/v1/jobs/job_doesNotExist000000000/events'), 404, 'not_found');
    });
  });

  describe(`${name}: errors`, () => {
    it('401 without a key or with an unknown key; the key is also accepted as ?access_token=', async () => {
      expectRejected(await jobs().call('GET', '/v1/jobs', { key: null, invalidOnPurpose: true }), 401, 'unauthorized');
      expectError(await jobs().call('GET', '/v1/jobs', { key: 'sk_not_a_key_of_this_server' }), 401, 'unauthorized');
      const viaQuery = await jobs().call<JobList>('GET', '/v1/jobs?limit=1', { keyInQuery: true });
      expect(viaQuery.status).toBe(200);
      expect(viaQuery.body.object).toBe('list');
    });

    it('404 for a job that does not exist', async () => {
      expectError(await getJob(jobs(), 'job_doesNotExist000000000'), 404, 'not_found');
      expectError(await jobs().call('POST', '/v1/jobs/job_doesNotExist000000000/cancel', { body: {} }), 404, 'not_found');
      expectError(await jobs().call('POST', '/v1/jobs/job_doesNotExist000000000/retry', { body: {} }), 404, 'not_found');
    });

    it('409 to cancel or retry a completed job', async () => {
      const created = await jobs().call<Job>('POST', '/v1/jobs', { body: parseBody('conflict') });
      const { job } = await untilTerminal(jobs(), created.body.id);
      expect(job.status).toBe('completed');
      expectError(await jobs().call('POST', `/v1/jobs/${job.id}/cancel`, { body: {} }), 409, 'job_not_cancellable');
      expectError(await jobs().call('POST', `/v1/jobs/${job.id}/retry`, { body: {} }), 409, 'job_not_retryable');
    });

    it('422 for bodies that break the schema, listing the failing paths', async () => {
      const document = { filename: 'a.txt', url: textDataUrl('hello') };
      const cases: [string, unknown, string][] = [
        // Ajv's discriminator check names the union itself: `value of tag "endpoint" must be in oneOf`.
        ['an endpoint outside the enum', { endpoint: '/v1/documents/translate', request: { document } }, '/body'],
        ['no request', { endpoint: '/v1/documents/parse' }, '/body/request'],
        [
          'a request field of the wrong type',
          { endpoint: '/v1/documents/parse', request: { document, image_resolution_dpi: 'high' } },
          '/body/request/image_resolution_dpi',
        ],
        ['a metadata value that is not a string', { endpoint: '/v1/documents/parse', request: { document }, metadata: { n: 1 } }, '/body/metadata/n'],
      ];
      for (const [what, body, path] of cases) {
        const answer = await jobs().call<{ error: { details?: { errors?: { path: string }[] } } }>('POST', '/v1/jobs', { body, invalidOnPurpose: true });
        expectRejected(answer, 422, 'validation_error');
        if (!answer.answeredByProxy) {
          const paths = answer.body.error.details?.errors?.map((e) => e.path) ?? [];
          expect(paths, what).toContain(path);
        }
      }
    });

    it('422 unknown_model for a model the server does not know (valid by the schema)', async () => {
      const body = { ...parseBody('unknown-model'), request: { ...parseBody('unknown-model').request, model: 'no-such-model' } };
      expectError(await jobs().call('POST', '/v1/jobs', { body }), 422, 'unknown_model');
    });

    it('400 for malformed JSON', async () => {
      const answer = await jobs().call('POST', '/v1/jobs', { rawBody: '{"endpoint": ', invalidOnPurpose: true });
      expectRejected(answer, 400, 'invalid_request');
    });
  });
}
