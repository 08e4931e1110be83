/**
 * The dashboard's pure rules: per-minute buckets, `data:` URL previews, filters ⇄ URL ⇄ list query,
 * request summaries and the readiness report.
 */
import { describe, expect, it } from 'vitest';
import { parseReadiness } from '../src/api/readiness.js';
import { dataUrlToBlob, parseDataUrl } from '../src/components/dataUrls.js';
import { summarizeRequest } from '../src/jobs/documents.js';
import { cursorFromParams, filtersFromParams, listQueryOf, NO_FILTERS, paramsOf, type JobFilters } from '../src/jobs/filters.js';
import { bucketPerMinute, WINDOW_MINUTES } from '../src/overview/perMinute.js';

describe('bucketPerMinute', () => {
  const now = 1_764_457_230; // 30 s into a minute
  const lastMinute = 1_764_457_200;
  it.each([
    [
      'a job created and finished this minute',
      { created_at: now - 5, completed_at: now - 1 },
      { createdAt: WINDOW_MINUTES - 1, finishedAt: WINDOW_MINUTES - 1 },
    ],
    [
      'a job created at the window’s first second',
      { created_at: lastMinute - (WINDOW_MINUTES - 1) * 60, completed_at: null },
      { createdAt: 0, finishedAt: undefined },
    ],
    [
      'a job created before the window that finished in it',
      { created_at: lastMinute - WINDOW_MINUTES * 60 - 1, completed_at: lastMinute - 60 },
      { createdAt: undefined, finishedAt: WINDOW_MINUTES - 2 },
    ],
    [
      'a job entirely before the window',
      { created_at: lastMinute - 2 * WINDOW_MINUTES * 60, completed_at: lastMinute - WINDOW_MINUTES * 60 - 1 },
      { createdAt: undefined, finishedAt: undefined },
    ],
  ])('%s', (_name, job, want) => {
    const buckets = bucketPerMinute([job], now, false);
    expect(buckets.minutes).toHaveLength(WINDOW_MINUTES);
    expect(buckets.minutes.at(-1)).toBe(lastMinute);
    expect(buckets.created.findIndex((count) => count > 0)).toBe(want.createdAt ?? -1);
    expect(buckets.finished.findIndex((count) => count > 0)).toBe(want.finishedAt ?? -1);
    expect(buckets.jobsRead).toBe(1);
  });
});

describe('data: URLs', () => {
  it.each([
    ['base64 with two padding characters', `data:application/pdf;base64,${Buffer.from('ab').toString('base64')}`, { mimeType: 'application/pdf', bytes: 2 }],
    ['base64 with one', `data:image/png;base64,${Buffer.from('abcde').toString('base64')}`, { mimeType: 'image/png', bytes: 5 }],
    ['base64 without', `data:text/plain;base64,${Buffer.from('abc').toString('base64')}`, { mimeType: 'text/plain', bytes: 3 }],
    ['percent-encoded text', 'data:,hello', { mimeType: 'text/plain', bytes: 5 }],
  ])('reads the size of %s', async (_name, url, want) => {
    const info = parseDataUrl(url)!;
    expect({ mimeType: info.mimeType, bytes: info.bytes }).toEqual(want);
    const blob = dataUrlToBlob(url, info);
    expect(blob.size).toBe(want.bytes);
  });

  it('is not fooled by other strings', () => {
    expect(parseDataUrl('https://example.com/x.pdf')).toBeUndefined();
    expect(parseDataUrl('data:no comma at all')).toBeUndefined();
  });
});

describe('filters', () => {
  const filters: JobFilters = {
    status: ['queued', 'failed'],
    endpoint: ['/v1/documents/parse'],
    model: ['retab-small'],
    metadataKey: 'customer',
    metadataValue: 'acme',
    filename: 'invoice',
    from: '2026-12-04T10:00:00.000Z',
    to: '2026-12-04T11:00:00.000Z',
  };

  it('survive a round trip through the URL, with the cursor', () => {
    const params = paramsOf(filters, { after: 'job_x' });
    expect(filtersFromParams(new URLSearchParams(params.toString()))).toEqual(filters);
    expect(cursorFromParams(params)).toEqual({ after: 'job_x' });
  });

  it('become the list query the API takes', () => {
    expect(listQueryOf(filters, { before: 'job_y' })).toEqual({
      limit: 20,
      status: ['queued', 'failed'],
      endpoint: ['/v1/documents/parse'],
      model: ['retab-small'],
      metadata: { customer: 'acme' },
      filename_contains: 'invoice',
      from_date: '2026-12-04T10:00:00.000Z',
      to_date: '2026-12-04T11:00:00.000Z',
      before: 'job_y',
    });
    expect(listQueryOf(NO_FILTERS, undefined)).toEqual({ limit: 20 });
  });

  it('drop values that are not the spec’s statuses or endpoints', () => {
    const parsed = filtersFromParams(new URLSearchParams('status=queued&status=bogus&endpoint=/v1/nope'));
    expect(parsed.status).toEqual(['queued']);
    expect(parsed.endpoint).toEqual([]);
  });
});

describe('summarizeRequest', () => {
  it.each([
    ['one document', { document: { filename: 'a.pdf', url: 'data:,' }, model: 'retab-small' }, { filenames: ['a.pdf'], model: 'retab-small' }],
    [
      'a list of documents',
      { documents: [{ filename: 'a.pdf' }, { filename: 'b.pdf' }, { filename: 'a.pdf' }] },
      { filenames: ['a.pdf', 'b.pdf'], model: undefined },
    ],
    ['no request', null, { filenames: [], model: undefined }],
  ])('%s', (_name, request, want) => {
    expect(summarizeRequest(request as never)).toEqual(want);
  });
});

describe('parseReadiness', () => {
  it('reads today’s /readyz and keeps any other figures', () => {
    const readiness = parseReadiness(200, {
      status: 'ready',
      checks: { database: 'ok', workers: 'ok' },
      workers: [{ id: 'w1', hostname: 'h', pid: 1, startedAt: 1, lastSeenAt: 2, concurrency: 4 }],
      engine_pool: { threads: 2, busy: 1 },
    });
    expect(readiness.workers).toEqual([{ id: 'w1', hostname: 'h', pid: 1, startedAt: 1, lastSeenAt: 2, concurrency: 4 }]);
    expect(readiness.extra).toEqual({ engine_pool: { threads: 2, busy: 1 } });
  });

  it('tolerates missing parts', () => {
    expect(parseReadiness(503, {})).toEqual({ httpStatus: 503, status: 'unknown', checks: {}, workers: [], extra: {} });
  });
});
