/**
 * In-process "a job changed" signals: the store methods that change a job's status (and so store
 * an event) are wrapped to emit `changed` once they committed. Streams, long-polls and the webhook
 * fan-out in this process wake on it at once. Across processes, PostgreSQL's trigger NOTIFYs
 * `jobs_api_events`, which the server bridges into the same event; SQLite processes share no such
 * channel and rely on polling for changes made by another process.
 */
import type { JobStore } from '../interfaces.js';
import type { JobEvents } from './events.js';

export function withChangeSignals(store: JobStore, events: JobEvents): JobStore {
  const changed = (jobId?: string) => events.emit('changed', jobId);
  return Object.assign(Object.create(store) as JobStore, {
    insertJob: async (...args: Parameters<JobStore['insertJob']>) => {
      const job = await store.insertJob(...args);
      changed(job.id);
      return job;
    },
    claimKeyAndInsertJob: async (...args: Parameters<JobStore['claimKeyAndInsertJob']>) => {
      const outcome = await store.claimKeyAndInsertJob(...args);
      if (outcome.kind === 'inserted') changed(outcome.job.id);
      return outcome;
    },
    cancelJob: async (...args: Parameters<JobStore['cancelJob']>) => {
      const outcome = await store.cancelJob(...args);
      if (outcome.kind === 'cancelled') changed(outcome.job.id);
      return outcome;
    },
    retryJob: async (...args: Parameters<JobStore['retryJob']>) => {
      const outcome = await store.retryJob(...args);
      if (outcome.kind === 'queued') changed(outcome.job.id);
      return outcome;
    },
    claimJobs: async (...args: Parameters<JobStore['claimJobs']>) => {
      const claimed = await store.claimJobs(...args);
      for (const job of claimed) changed(job.jobId);
      return claimed;
    },
    completeJob: async (...args: Parameters<JobStore['completeJob']>) => {
      const recorded = await store.completeJob(...args);
      if (recorded) changed(args[0].jobId);
      return recorded;
    },
    failJob: async (...args: Parameters<JobStore['failJob']>) => {
      const recorded = await store.failJob(...args);
      if (recorded) changed(args[0].jobId);
      return recorded;
    },
    requeueExpiredLeases: async (...args: Parameters<JobStore['requeueExpiredLeases']>) => {
      const result = await store.requeueExpiredLeases(...args);
      if (result.requeued + result.failed > 0) changed(undefined);
      return result;
    },
    expireJobs: async (...args: Parameters<JobStore['expireJobs']>) => {
      const expired = await store.expireJobs(...args);
      if (expired > 0) changed(undefined);
      return expired;
    },
  });
}
