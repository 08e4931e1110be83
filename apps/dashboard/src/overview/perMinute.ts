/**
 * Jobs created and finished per minute over the last hour, from the list operation with a date
 * filter. Reading is bounded: at most {@link MAX_PAGES} pages of 100 jobs, newest first, so a busy
 * hour shows its newest 1,000 jobs and says so.
 *
 * "Finished" needs jobs that were created before the hour and finished in it; the list filters on
 * creation time only, so jobs created in the last {@link LOOKBACK_MINUTES} minutes are read and a
 * job that ran longer than an hour before finishing is not counted.
 */
import type { Job, JobsClient } from '@jobs-api/client';

export const WINDOW_MINUTES = 60;
export const LOOKBACK_MINUTES = 120;
const PAGE_LIMIT = 100;
export const MAX_PAGES = 10;

export interface PerMinute {
  /** Start of each minute of the window, Unix seconds, oldest first ({@link WINDOW_MINUTES} of them). */
  minutes: number[];
  created: number[];
  finished: number[];
  /** The read stopped at {@link MAX_PAGES}: older jobs of the look-back were not counted. */
  truncated: boolean;
  /** How many jobs were read. */
  jobsRead: number;
}

export async function readPerMinute(client: JobsClient, nowSeconds: number, signal: AbortSignal): Promise<PerMinute> {
  const jobs: Pick<Job, 'created_at' | 'completed_at'>[] = [];
  const fromDate = String(nowSeconds - LOOKBACK_MINUTES * 60);
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const list = await client.jobs.list({ from_date: fromDate, order: 'desc', limit: PAGE_LIMIT, ...(after ? { after } : {}) }, { signal });
    jobs.push(...list.data);
    if (!list.has_more || !list.last_id) return bucketPerMinute(jobs, nowSeconds, false);
    after = list.last_id;
  }
  return bucketPerMinute(jobs, nowSeconds, true);
}

/** Counts creations and completions into the minutes of the window that ends at `nowSeconds`. */
export function bucketPerMinute(jobs: readonly Pick<Job, 'created_at' | 'completed_at'>[], nowSeconds: number, truncated: boolean): PerMinute {
  const lastMinute = Math.floor(nowSeconds / 60) * 60;
  const firstMinute = lastMinute - (WINDOW_MINUTES - 1) * 60;
  const minutes = Array.from({ length: WINDOW_MINUTES }, (_, index) => firstMinute + index * 60);
  const created = new Array<number>(WINDOW_MINUTES).fill(0);
  const finished = new Array<number>(WINDOW_MINUTES).fill(0);
  const slot = (seconds: number) => Math.floor((seconds - firstMinute) / 60);
  for (const job of jobs) {
    const createdSlot = slot(job.created_at);
    if (createdSlot >= 0 && createdSlot < WINDOW_MINUTES) created[createdSlot]! += 1;
    if (job.completed_at != null) {
      const finishedSlot = slot(job.completed_at);
      if (finishedSlot >= 0 && finishedSlot < WINDOW_MINUTES) finished[finishedSlot]! += 1;
    }
  }
  return { minutes, created, finished, truncated, jobsRead: jobs.length };
}
