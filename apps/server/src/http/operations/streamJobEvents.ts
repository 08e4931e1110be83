import { isTerminalStatus, TERMINAL_JOB_STATUSES, type EventType } from '@jobs-api/api-types';
import type { JobEventEntry } from '../../interfaces.js';
import { nextJobChange } from '../../jobs/jobWatch.js';
import { notFound } from '../../errors.js';
import { organizationOf } from '../auth.js';
import type { OperationHandler } from '../deps.js';

const TERMINAL_EVENTS: readonly EventType[] = TERMINAL_JOB_STATUSES.map((s) => `job.${s}` as EventType);

function sseFrame(entry: JobEventEntry): string {
  // JSON.stringify never emits a raw newline, so `data:` is one line.
  return `id: ${entry.jobSeq}\nevent: ${entry.event.type}\ndata: ${JSON.stringify(entry.event)}\n\n`;
}

/**
 * GET /v1/jobs/{job_id}/events: Server-Sent Events. Without Last-Event-ID the stream starts with the
 * job's latest event (its current state); with it, with every event after that one. It reads the
 * job's events after the last one sent whenever the job changes (and at least every second), so it
 * neither repeats nor skips one: ids are the job's own event sequence, written in the transaction
 * of each change. Closes after a terminal event, or at once when the job is terminal and nothing
 * follows the client's Last-Event-ID.
 */
export const streamJobEvents: OperationHandler = ({ store, events, config }) =>
  async function streamJobEvents(req, res) {
    const organizationId = organizationOf(res);
    const jobId = req.params.job_id as string;
    const job = await store.getJob(organizationId, jobId);
    if (!job) throw notFound('job', jobId);
    const resumeFrom = req.get('last-event-id');
    let last: number;
    if (resumeFrom !== undefined) last = Number(resumeFrom);
    else {
      const all = await store.listJobEvents(organizationId, jobId, 0);
      last = Math.max(0, (all.at(-1)?.jobSeq ?? 0) - 1);
    }

    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      // Proxies (nginx) must pass each event on at once rather than buffer the response.
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    const gone = new AbortController();
    res.once('close', () => gone.abort());
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), config.streamHeartbeatMs);
    try {
      while (!gone.signal.aborted) {
        const entries = await store.listJobEvents(organizationId, jobId, last);
        for (const entry of entries) {
          res.write(sseFrame(entry));
          last = entry.jobSeq;
          if (TERMINAL_EVENTS.includes(entry.event.type)) return;
        }
        if (entries.length === 0) {
          const current = await store.getJob(organizationId, jobId);
          // Deleted meanwhile, or terminal with nothing after what the client has: nothing will follow.
          if (!current || isTerminalStatus(current.status)) {
            const after = await store.listJobEvents(organizationId, jobId, last);
            if (after.length === 0) return;
            continue;
          }
        }
        await nextJobChange(events, jobId, config.streamFallbackReadMs, gone.signal);
      }
    } finally {
      clearInterval(heartbeat);
      res.end();
    }
  };
