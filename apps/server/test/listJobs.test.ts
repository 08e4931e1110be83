import type { Job, JobList } from '@jobs-api/api-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataUrl, parseJob, startTestServer, type TestServer } from './helpers.js';

let server: TestServer;
const jobs: Job[] = [];

beforeAll(async () => {
  server = await startTestServer({ mode: 'api' });
  const specs = [
    { body: { ...parseJob('one'), metadata: { customer: 'acme', batch: '1' } } },
    {
      body: {
        endpoint: '/v1/documents/classify',
        request: {
          document: { filename: 'Scan-INVOICE.pdf', url: dataUrl('%PDF-1.4', 'application/pdf') },
          categories: [{ name: 'a', description: '' }],
          model: 'retab-large',
        },
        metadata: { customer: 'acme', batch: '2' },
      },
    },
    { body: { ...parseJob('three'), metadata: { customer: 'globex' } } },
    { body: { endpoint: '/v1/documents/extract', request: { document: { filename: 'payslip.txt', url: dataUrl('x') }, json_schema: { type: 'object' } } } },
  ];
  for (const s of specs) jobs.push((await server.call<Job>('POST', '/v1/jobs', s)).body);
  await server.call('POST', `/v1/jobs/${jobs[2]!.id}/cancel`, { body: {} });
});
afterAll(() => server.stop());

const ids = (list: JobList) => list.data.map((j) => j.id);
const list = async (query: string) => {
  const res = await server.call<JobList>('GET', `/v1/jobs${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};

describe('listJobs', () => {
  it('answers newest first by default, with the list envelope', async () => {
    const page = await list('');
    expect(page.object).toBe('list');
    expect(ids(page)).toEqual(jobs.map((j) => j.id).reverse());
    expect(page.first_id).toBe(jobs[3]!.id);
    expect(page.last_id).toBe(jobs[0]!.id);
    expect(page.has_more).toBe(false);
    expect(page.data.every((j) => j.request === null && j.response === null)).toBe(true);
  });

  it('pages forward with after and back with before, in both orders', async () => {
    const first = await list('?limit=2');
    expect(ids(first)).toEqual([jobs[3]!.id, jobs[2]!.id]);
    expect(first.has_more).toBe(true);
    const second = await list(`?limit=2&after=${first.last_id}`);
    expect(ids(second)).toEqual([jobs[1]!.id, jobs[0]!.id]);
    expect(second.has_more).toBe(false);
    const back = await list(`?limit=2&before=${second.first_id}`);
    expect(ids(back)).toEqual(ids(first));
    expect(back.has_more).toBe(false);
    const asc = await list('?order=asc&limit=3');
    expect(ids(asc)).toEqual(jobs.slice(0, 3).map((j) => j.id));
    const ascNext = await list(`?order=asc&limit=3&after=${asc.last_id}`);
    expect(ids(ascNext)).toEqual([jobs[3]!.id]);
  });

  it.each([
    ['status', () => `?status=cancelled`, () => [2]],
    ['status, comma-joined', () => `?status=cancelled,queued`, () => [3, 2, 1, 0]],
    ['status, repeated', () => `?status=cancelled&status=failed`, () => [2]],
    ['endpoint', () => `?endpoint=${encodeURIComponent('/v1/documents/classify')}`, () => [1]],
    ['model', () => `?model=retab-large`, () => [1]],
    ['filename_contains (case-insensitive)', () => `?filename_contains=invoice`, () => [1, 0, 2].sort().reverse()],
    ['id', () => `?id=${jobs[0]!.id},${jobs[3]!.id}`, () => [3, 0]],
    ['metadata (JSON object, all pairs)', () => `?metadata=${encodeURIComponent(JSON.stringify({ customer: 'acme', batch: '2' }))}`, () => [1]],
    ['metadata one pair', () => `?metadata=${encodeURIComponent('{"customer":"acme"}')}`, () => [1, 0]],
    [
      'two filters combined',
      () => `?status=queued&metadata=${encodeURIComponent('{"customer":"acme"}')}&endpoint=${encodeURIComponent('/v1/documents/parse')}`,
      () => [0],
    ],
    ['from_date in the future', () => `?from_date=${Math.floor(Date.now() / 1000) + 3600}`, () => []],
    ['to_date as a date covers the whole day', () => `?to_date=${new Date().toISOString().slice(0, 10)}`, () => [3, 2, 1, 0]],
  ])('filters by %s', async (_name, query, expected) => {
    expect(ids(await list(query()))).toEqual(expected().map((i) => jobs[i]!.id));
  });

  it('includes request and response only when asked for', async () => {
    const page = await list('?include_request=true&limit=1');
    expect(page.data[0]!.request).toEqual({ document: { filename: 'payslip.txt', url: dataUrl('x') }, json_schema: { type: 'object' } });
  });

  it('never skips or repeats a job while others are being inserted', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    const inserting = (async () => {
      for (let i = 0; i < 30; i++) await server.call('POST', '/v1/jobs', { body: parseJob(`concurrent ${i}`) });
    })();
    const existing = new Set((await list('?limit=100')).data.map((j) => j.id));
    do {
      const page = await list(`?limit=1${cursor ? `&after=${cursor}` : ''}`);
      seen.push(...ids(page));
      cursor = page.has_more ? page.last_id! : undefined;
    } while (cursor);
    await inserting;
    expect(new Set(seen).size).toBe(seen.length);
    // Every job that existed when paging started was seen exactly once.
    for (const id of existing) expect(seen).toContain(id);
  });
});
