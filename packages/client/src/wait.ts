/**
 * Waiting for a job to finish: long-polls (`GET /v1/jobs/{id}?wait=60`, answered by the server as
 * soon as the job is terminal) or, when the server does not offer them, light polls (no payloads)
 * with a growing interval; then one fetch with the payloads once the job is terminal.
 */
import type { Job, JobStatus } from '@jobs-api/api-types';
import { linkedAbortController, sleep } from './abort.js';
import { BadRequestError, WaitTimeoutError } from './errors.js';
import { isTerminalStatus, type RetrieveJobOptions, type WaitForCompletionOptions } from './types.js';

/** The first wait between polls when the caller sets none. */
export const DEFAULT_POLL_INTERVAL_MS = 500;
/**
 * Polls slow down to one every 5 s (or the caller's `pollIntervalMs` when larger): a long job is
 * not noticed more than ~5 s late, and a thousand waiting clients stay at 200 requests a second.
 */
export const MAX_POLL_INTERVAL_MS = 5_000;
/** How long `waitForCompletion` waits when the caller sets no `timeoutMs`. */
export const DEFAULT_WAIT_TIMEOUT_MS = 600_000;
/** Each wait between polls is this much longer than the one before. */
const POLL_BACKOFF_FACTOR = 1.5;

/** Fetches a job (`jobs.retrieve`); `waitSeconds` asks the server to hold the answer until the job is terminal. */
export type RetrieveJob = (jobId: string, options: RetrieveJobOptions) => Promise<Job>;

/** The longest wait the server takes per request (the spec's maximum of `wait`). */
const MAX_LONG_POLL_SECONDS = 60;

/**
 * Resolves with the job once its status is terminal (completed, failed, cancelled or expired): it
 * does not throw for a failed job, the caller reads `status` and `error`. Rejects with a
 * {@link WaitTimeoutError} after `timeoutMs`, with the signal's reason when `signal` aborts, or
 * with the typed error of a poll that failed after its own retries.
 */
export async function waitForCompletion(retrieve: RetrieveJob, jobId: string, options: WaitForCompletionOptions = {}): Promise<Job> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
  const firstIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const { includeResponse = true, includeRequest = false, headers } = options;
  const { controller, unlink } = linkedAbortController(options.signal);
  const { signal } = controller;
  let lastStatus: JobStatus | undefined;
  let deadlinePassed = false;
  // One deadline for the whole wait: it aborts the poll or sleep in progress, so no request outlives it.
  const deadline = setTimeout(() => {
    deadlinePassed = true;
    controller.abort(new WaitTimeoutError({ jobId, timeoutMs, lastStatus }));
  }, timeoutMs);
  const startedAt = Date.now();
  let longPoll = (options.strategy ?? 'long-poll') === 'long-poll';
  try {
    let intervalMs = firstIntervalMs;
    for (;;) {
      let job: Job;
      // The first read is a plain one (it answers at once: an already finished job, a status for
      // WaitTimeoutError); after it, long-polls while at least a second of the wait is left.
      const leftMs = timeoutMs - (Date.now() - startedAt);
      if (longPoll && lastStatus !== undefined && leftMs >= 1000) {
        // One request per ≤ 60 s, answered as soon as the job is terminal; the deadline aborts it.
        const waitSeconds = Math.min(MAX_LONG_POLL_SECONDS, Math.floor(leftMs / 1000));
        const askedAt = Date.now();
        try {
          job = await retrieve(jobId, { signal, headers, waitSeconds });
        } catch (error) {
          // A server without long-poll refuses the unknown parameter: poll from now on.
          if (error instanceof BadRequestError && !signal.aborted) {
            longPoll = false;
            continue;
          }
          throw error;
        }
        lastStatus = job.status;
        if (isTerminalStatus(job.status)) {
          if (!includeResponse && !includeRequest) return job;
          return await retrieve(jobId, { signal, headers, includeResponse, includeRequest });
        }
        // Not terminal and answered well before the wait ended: this server ignores `wait` (an
        // older version, a mock). Poll from now on rather than ask again at once.
        if (Date.now() - askedAt < waitSeconds * 1000 * 0.9) {
          longPoll = false;
          await sleep(intervalMs, signal);
          intervalMs = Math.min(intervalMs * POLL_BACKOFF_FACTOR, Math.max(MAX_POLL_INTERVAL_MS, firstIntervalMs));
        }
        continue;
      }
      job = await retrieve(jobId, { signal, headers });
      lastStatus = job.status;
      if (isTerminalStatus(job.status)) {
        if (!includeResponse && !includeRequest) return job;
        return await retrieve(jobId, { signal, headers, includeResponse, includeRequest });
      }
      // Long-polls hold the next request on the server: no need to sleep before it.
      if (longPoll && timeoutMs - (Date.now() - startedAt) >= 1000) continue;
      await sleep(intervalMs, signal);
      intervalMs = Math.min(intervalMs * POLL_BACKOFF_FACTOR, Math.max(MAX_POLL_INTERVAL_MS, firstIntervalMs));
    }
  } catch (error) {
    // Whatever the aborted poll rejected with, the cause is the deadline (with its last status).
    if (deadlinePassed) throw new WaitTimeoutError({ jobId, timeoutMs, lastStatus });
    throw error;
  } finally {
    clearTimeout(deadline);
    unlink();
  }
}
