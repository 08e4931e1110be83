/**
 * Waiting for a job to change: what the event stream and long-poll wait on between reads. Resolves
 * at the first `changed` signal for the job (or for any job: a sweep), when `timeoutMs` passes, or
 * when `signal` aborts (the client went away). Callers re-read the store after it resolves, so a
 * missed or spurious signal costs at most one `timeoutMs` (config `streamFallbackReadMs`) or one
 * extra read, never a wrong answer. Signals cover this process and, on PostgreSQL, every process;
 * the timeout covers SQLite files shared by several processes and a LISTEN connection that was down.
 */
import type { JobEvents } from './events.js';

export function nextJobChange(events: JobEvents, jobId: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || timeoutMs <= 0) return resolve();
    const done = () => {
      clearTimeout(timer);
      events.off('changed', onChanged);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const onChanged = (changedId: string | undefined) => {
      if (changedId === undefined || changedId === jobId) done();
    };
    const timer = setTimeout(done, timeoutMs);
    events.on('changed', onChanged);
    signal?.addEventListener('abort', done, { once: true });
  });
}
