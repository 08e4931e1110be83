/**
 * What the store suites share. The job they insert, in one place: a queued parse of a small text document for
 * `org_a`, created at T0 (the tests pass times explicitly, never read the clock), expiring seven
 * days later. Each suite overrides what its cases are about.
 */
import { expect } from 'vitest';
import type { JobStore, NewJob, Page, PageQuery } from '../../src/interfaces.js';
import { newJobId } from '../../src/jobs/ids.js';

export const T0 = 1_800_000_000_000;
export const HOUR = 3600_000;

export function newJob(overrides: Partial<NewJob> = {}): NewJob {
  return {
    id: newJobId(),
    organizationId: 'org_a',
    endpoint: '/v1/documents/parse',
    request: { document: { filename: 'a.txt', url: 'data:text/plain;base64,aGk=' } },
    metadata: { k: 'v' },
    model: 'retab-small',
    filenames: ['a.txt'],
    status: 'queued',
    warnings: null,
    createdAt: T0,
    expiresAt: T0 + 7 * 24 * HOUR,
    maxAttempts: 3,
    blobHashes: [],
    ...overrides,
  };
}

/**
 * A job of org_a that sent the bytes `hash` expires and has its payload purged: what a template or
 * project document holding the same bytes must survive. Answers the purge's result.
 */
export async function purgeJobReferencing(store: JobStore, hash: string): Promise<{ jobs: number; unreferencedBlobs: string[] }> {
  await store.insertJob(
    newJob({ endpoint: '/v1/edit/agent/fill', request: {}, metadata: {}, model: null, filenames: [], expiresAt: T0 + 1000, blobHashes: [hash] }),
  );
  await store.expireJobs(T0 + 2000);
  return store.purgeExpiredPayloads(T0 + 10_000, 0);
}

/**
 * A resource's list pages (pagination.ts, as every list): five rows of org_a (`ids`, oldest first)
 * and one of org_b, walked both ways; org_b's row is no cursor for org_a.
 */
export async function expectKeysetPages(
  list: (organizationId: string, query: PageQuery) => Promise<Page<{ id: string }> | undefined>,
  ids: string[],
  foreignId: string,
): Promise<void> {
  const idsOf = (page: Page<{ id: string }> | undefined) => page!.data.map((row) => row.id);
  const first = await list('org_a', { limit: 2, order: 'desc' });
  expect(idsOf(first)).toEqual([ids[4], ids[3]]);
  expect(first!.hasMore).toBe(true);
  expect(idsOf(await list('org_a', { limit: 2, order: 'desc', after: ids[3] }))).toEqual([ids[2], ids[1]]);
  expect(await list('org_a', { limit: 2, order: 'desc', after: ids[1] })).toEqual({ data: [expect.objectContaining({ id: ids[0] })], hasMore: false });
  const back = await list('org_a', { limit: 2, order: 'desc', before: ids[2] });
  expect(idsOf(back)).toEqual([ids[4], ids[3]]);
  // As for jobs: has_more of a `before` page says whether more lie beyond it in that direction.
  expect(back!.hasMore).toBe(false);
  const ascending = await list('org_a', { limit: 10, order: 'asc' });
  expect(idsOf(ascending)).toEqual(ids);
  expect(ascending!.hasMore).toBe(false);
  expect(await list('org_a', { limit: 2, order: 'desc', after: foreignId })).toBeUndefined();
  expect(idsOf(await list('org_b', { limit: 10, order: 'desc' }))).toEqual([foreignId]);
}
