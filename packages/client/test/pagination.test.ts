/** `jobs.iterate` / `jobs.iteratePages` follow the cursors across pages, lazily. */
import { describe, expect, it } from 'vitest';
import { createJobsClient, NotFoundError, type Job } from '../src/index.js';
import { job, page } from './support/fixtures.js';
import { apiError, json, scriptedFetch, type Reply } from './support/scripted-fetch.js';

function clientWith(replies: Reply[]) {
  const fetch = scriptedFetch(replies);
  return { client: createJobsClient({ baseUrl: 'http://jobs.test', apiKey: 'sk_test', fetch, maxRetries: 0 }), fetch };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const jobs = (n: number) => Array.from({ length: n }, () => job());

describe('jobs.iterate', () => {
  it('yields every job of every page, following after=<last_id>, and keeps the filters', async () => {
    const [a, b, c, d, e] = jobs(5) as [Job, Job, Job, Job, Job];
    const { client, fetch } = clientWith([json(200, page([a, b], true)), json(200, page([c, d], true)), json(200, page([e], false))]);

    const all = await collect(client.jobs.iterate({ limit: 2, status: ['completed'] }));

    expect(all.map((j) => j.id)).toEqual([a.id, b.id, c.id, d.id, e.id]);
    const queries = fetch.requests.map((r) => Object.fromEntries(r.url.searchParams));
    expect(queries).toEqual([
      { limit: '2', status: 'completed' },
      { limit: '2', status: 'completed', after: b.id },
      { limit: '2', status: 'completed', after: d.id },
    ]);
  });

  it('starts after the caller’s cursor', async () => {
    const [a] = jobs(1) as [Job];
    const { client, fetch } = clientWith([json(200, page([a], false))]);
    await collect(client.jobs.iterate({ after: 'job_start' }));
    expect(fetch.requests[0]!.url.searchParams.get('after')).toBe('job_start');
  });

  it('pages backwards with before=<first_id> when started with before', async () => {
    const [a, b, c] = jobs(3) as [Job, Job, Job];
    const { client, fetch } = clientWith([json(200, page([b, c], true)), json(200, page([a], false))]);

    const all = await collect(client.jobs.iterate({ before: 'job_end', limit: 2 }));

    expect(all.map((j) => j.id)).toEqual([b.id, c.id, a.id]);
    expect(fetch.requests.map((r) => [r.url.searchParams.get('before'), r.url.searchParams.get('after')])).toEqual([
      ['job_end', null],
      [b.id, null],
    ]);
  });

  it('makes one request for an empty list', async () => {
    const { client, fetch } = clientWith([json(200, page([], false))]);
    expect(await collect(client.jobs.iterate())).toEqual([]);
    expect(fetch.requests).toHaveLength(1);
  });

  it('stops when a page claims has_more but is empty', async () => {
    const { client, fetch } = clientWith([json(200, { object: 'list', data: [], first_id: null, last_id: null, has_more: true })]);
    expect(await collect(client.jobs.iterate())).toEqual([]);
    expect(fetch.requests).toHaveLength(1);
  });

  it('stops instead of looping when the server answers the same page again (a static mock)', async () => {
    const same = page(jobs(2), true);
    const { client, fetch } = clientWith([json(200, same), json(200, same), json(200, same)]);
    expect(await collect(client.jobs.iterate())).toHaveLength(2);
    expect(fetch.requests).toHaveLength(2);
  });

  it('fetches lazily: breaking out early sends no more requests', async () => {
    const first = jobs(2);
    const { client, fetch } = clientWith([json(200, page(first, true)), json(200, page(jobs(2), true))]);
    for await (const item of client.jobs.iterate()) {
      expect(item.id).toBe(first[0]!.id);
      break;
    }
    expect(fetch.requests).toHaveLength(1);
  });

  it('rejects the loop with the typed error of a failed page', async () => {
    const { client } = clientWith([json(200, page(jobs(1), true)), apiError(404, 'not_found')]);
    const seen: Job[] = [];
    await expect(
      (async () => {
        for await (const item of client.jobs.iterate()) seen.push(item);
      })(),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(seen).toHaveLength(1);
  });
});

describe('jobs.iteratePages', () => {
  it('yields each page whole', async () => {
    const first = page(jobs(2), true);
    const second = page(jobs(1), false);
    const { client } = clientWith([json(200, first), json(200, second)]);
    expect(await collect(client.jobs.iteratePages({ limit: 2 }))).toEqual([first, second]);
  });
});
