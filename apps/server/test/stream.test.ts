/**
 * Push to a client that holds a connection: the job's event stream (SSE, resume with
 * Last-Event-ID) and long-poll (`GET /v1/jobs/{id}?wait=N`). A gated handler decides when each job
 * moves on, so every step is awaited, never slept for.
 */
import type { Job } from '@jobs-api/api-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerOptions } from '../src/index.js';
import { serverEngines } from './serverEngines.js';
import { gatedParseHandler, PARSE_BODY, parseJob, startTestServer, TEST_KEY, waitForStatus, type TestServer } from './helpers.js';

interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
}

/** Opens the job's stream and reads SSE frames as they come; `comments` counts heartbeats. */
function openStream(baseUrl: string, jobId: string, lastEventId?: string) {
  const controller = new AbortController();
  const events: SseEvent[] = [];
  let comments = 0;
  let waiters: (() => void)[] = [];
  const notify = () => {
    for (const w of waiters) w();
    waiters = [];
  };
  const done = (async () => {
    const res = await fetch(`${baseUrl}/v1/jobs/${jobId}/events`, {
      headers: { 'Api-Key': TEST_KEY, ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}) },
      signal: controller.signal,
    });
    if (res.status !== 200) throw new Error(`stream answered ${res.status}: ${await res.text()}`);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          if (frame.startsWith(':')) comments++;
          else {
            const event: SseEvent = {};
            for (const line of frame.split('\n')) {
              const i = line.indexOf(': ');
              (event as Record<string, string>)[line.slice(0, i)] = line.slice(i + 2);
            }
            events.push(event);
          }
          notify();
        }
      }
    } catch (error) {
      if (!controller.signal.aborted) throw error;
    }
    return 'closed' as const;
  })();
  return {
    events,
    comments: () => comments,
    /** Resolves once `n` events arrived (the stream is read meanwhile). */
    async until(n: number) {
      while (events.length < n) {
        const next = new Promise<void>((r) => waiters.push(r));
        const closed = await Promise.race([next.then(() => false), done.then(() => true)]);
        if (closed && events.length < n) throw new Error(`stream closed after ${events.length} events: ${JSON.stringify(events.map((e) => e.event))}`);
      }
      return events;
    },
    /** Resolves when the server closes the stream. */
    closed: done,
    abort: () => controller.abort(),
  };
}

describe.each(serverEngines('PostgreSQL stream tests'))('$name', (engine) => {
  let engineOptions: Partial<ServerOptions> = {};
  let tearDown: (() => Promise<void>) | undefined;
  let server: TestServer;
  const gated = gatedParseHandler();

  beforeAll(async () => {
    ({ options: engineOptions, tearDown } = await engine.setUp());
    server = await startTestServer({
      ...engineOptions,
      endpointOverrides: { '/v1/documents/parse': gated.definition },
      streamHeartbeatMs: 100,
      leaseMs: 30_000,
    });
  });
  afterAll(async () => {
    await server?.stop();
    await tearDown?.();
  });

  async function runningJob(): Promise<Job> {
    const job = (await server.call<Job>('POST', '/v1/jobs', { body: parseJob() })).body;
    await waitForStatus(server, job.id, ['in_progress']);
    return job;
  }

  describe('job event stream (SSE)', () => {
    it('starts with the current state, follows live, closes after the terminal event; Last-Event-ID resumes without repeats or gaps', async () => {
      const job = await runningJob();
      const live = openStream(server.url, job.id);
      const [current] = await live.until(1);
      expect(current).toMatchObject({ id: '2', event: 'job.started' });
      expect(JSON.parse(current!.data!)).toMatchObject({ object: 'event', type: 'job.started', data: { id: job.id, status: 'in_progress' } });
      // A heartbeat comment keeps the idle stream open.
      await new Promise<void>((resolve, reject) => {
        const t0 = Date.now();
        const tick = () => (live.comments() > 0 ? resolve() : Date.now() - t0 > 10_000 ? reject(new Error('no heartbeat')) : setTimeout(tick, 20));
        tick();
      });

      // A second client drops after the first event, then resumes from it.
      const dropped = openStream(server.url, job.id, '1');
      expect((await dropped.until(1)).map((e) => e.id)).toEqual(['2']);
      dropped.abort();

      gated.release({ status_code: 200, body: PARSE_BODY });
      expect(await live.closed).toBe('closed');
      expect(live.events.map((e) => [e.id, e.event])).toEqual([
        ['2', 'job.started'],
        ['3', 'job.completed'],
      ]);

      const resumed = openStream(server.url, job.id, '2');
      expect(await resumed.closed).toBe('closed');
      expect(resumed.events.map((e) => [e.id, e.event])).toEqual([['3', 'job.completed']]);
      // From the start: every event once, in order, ids 1..3.
      const all = openStream(server.url, job.id, '0');
      await all.closed;
      expect(all.events.map((e) => e.id)).toEqual(['1', '2', '3']);
      expect(all.events.map((e) => JSON.parse(e.data!).id)).toEqual((await server.store.listJobEvents('org_default', job.id, 0)).map((e) => e.event.id));
      // Resuming at the terminal event of a finished job: nothing follows, the stream closes at once.
      const atEnd = openStream(server.url, job.id, '3');
      expect(await atEnd.closed).toBe('closed');
      expect(atEnd.events).toEqual([]);
    });

    it('an unknown job is a 404 in the one error shape', async () => {
      const res = await server.call('GET', '/v1/jobs/job_doesnotexist/events');
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    });
  });

  describe('long-poll', () => {
    it('GET ?wait answers within 1 s of the job completing', async () => {
      const job = await runningJob();
      const asked = Date.now();
      const answer = server.call<Job>('GET', `/v1/jobs/${job.id}?wait=30&include_response=true`);
      // The answer must still be pending while the job runs.
      const early = await Promise.race([answer.then(() => 'answered'), new Promise((r) => setTimeout(() => r('waiting'), 300))]);
      expect(early).toBe('waiting');
      const releasedAt = Date.now();
      gated.release({ status_code: 200, body: PARSE_BODY });
      const res = await answer;
      const latency = Date.now() - releasedAt;
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: job.id, status: 'completed', response: { status_code: 200 } });
      expect(latency, `answered ${latency} ms after completion`).toBeLessThan(1000);
      expect(Date.now() - asked).toBeLessThan(30_000);
    });

    it('answers the current state when the wait ends; wait above 60 is a 400', async () => {
      const job = await runningJob();
      const res = await server.call<Job>('GET', `/v1/jobs/${job.id}?wait=1`);
      expect(res.body.status).toBe('in_progress');
      expect((await server.call('GET', `/v1/jobs/${job.id}?wait=61`)).status).toBe(400);
      gated.release({ status_code: 200, body: PARSE_BODY });
      await waitForStatus(server, job.id, ['completed']);
    });
  });
});
