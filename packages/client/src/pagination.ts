/**
 * Cursor pagination over `GET /v1/jobs`: follow `after=<last_id>` (or, when the caller started
 * with `before`, `before=<first_id>`) while `has_more` says more jobs follow in that direction.
 */
import type { JobList } from '@jobs-api/api-types';
import type { ListJobsQuery } from './types.js';

/** Fetches one page for a query (`jobs.list` bound to its call options). */
export type ListPage = (query: ListJobsQuery) => Promise<JobList>;

/**
 * Every page of `query`, fetched lazily: the next page is requested only when the consumer asks
 * for it, so breaking out of a `for await` stops the requests.
 */
export async function* iteratePages(listPage: ListPage, query: ListJobsQuery = {}): AsyncGenerator<JobList, void, undefined> {
  // Paging backwards only when the caller asked for it with `before` alone; `after` wins otherwise.
  const backwards = query.before !== undefined && query.after === undefined;
  let cursor = backwards ? query.before : query.after;
  for (;;) {
    const page = await listPage(backwards ? { ...query, before: cursor } : { ...query, after: cursor });
    const next = backwards ? page.first_id : page.last_id;
    // A page that ends where it started is the same page again: a static mock (Prism) answers
    // `has_more: true` with one example page to every request. Stop rather than loop forever.
    if (cursor !== undefined && next === cursor) return;
    yield page;
    if (!page.has_more || next === null || page.data.length === 0) return;
    cursor = next;
  }
}

/** Every item of every page of `pages`, in order. */
export async function* iterateItems<T>(pages: AsyncIterable<{ data: T[] }>): AsyncGenerator<T, void, undefined> {
  for await (const page of pages) yield* page.data;
}
