/**
 * Jobs per status. The list operation has no count, so each status is counted by paging through
 * its jobs, at most {@link MAX_PAGES_PER_STATUS} pages of 100: a bounded number of requests per
 * refresh (7 × 5 = 35 at most), and "500+" beyond it. Only ids and statuses are read (no requests
 * or responses are asked for).
 */
import { JOB_STATUSES } from '@jobs-api/api-types';
import type { JobsClient, JobStatus } from '@jobs-api/client';

const PAGE_LIMIT = 100;
export const MAX_PAGES_PER_STATUS = 5;

export interface StatusCount {
  count: number;
  /** More jobs exist than were counted. */
  capped: boolean;
}

export async function countJobsByStatus(client: JobsClient, signal: AbortSignal): Promise<Record<JobStatus, StatusCount>> {
  const entries = await Promise.all(JOB_STATUSES.map(async (status) => [status, await countStatus(client, status, signal)] as const));
  return Object.fromEntries(entries) as Record<JobStatus, StatusCount>;
}

async function countStatus(client: JobsClient, status: JobStatus, signal: AbortSignal): Promise<StatusCount> {
  let count = 0;
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES_PER_STATUS; page += 1) {
    const list = await client.jobs.list({ status: [status], limit: PAGE_LIMIT, ...(after ? { after } : {}) }, { signal });
    count += list.data.length;
    if (!list.has_more || !list.last_id) return { count, capped: false };
    after = list.last_id;
  }
  return { count, capped: true };
}

export function formatCount({ count, capped }: StatusCount): string {
  return capped ? `${count}+` : String(count);
}
