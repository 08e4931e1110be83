import { isTerminalStatus, type GetJobParams } from '@jobs-api/api-types';
import { nextJobChange } from '../../jobs/jobWatch.js';
import { organizationOf } from '../auth.js';
import { answerJson } from '../answerJson.js';
import type { OperationHandler } from '../deps.js';

/**
 * GET /v1/jobs/{job_id}: payloads only when asked for, so polling stays light. With `wait=N`
 * (long-poll) the answer waits until the job is terminal or N seconds passed, re-reading the job
 * whenever it changes (and at least every second).
 */
export const getJob: OperationHandler = ({ service, events, clock, config }) =>
  async function getJob(req, res) {
    const q = req.query as GetJobParams;
    const organizationId = organizationOf(res);
    const jobId = req.params.job_id as string;
    const include = { request: q.include_request, response: q.include_response };
    let job = await service.get(organizationId, jobId, include);
    const deadline = clock.now() + (q.wait ?? 0) * 1000;
    if (!isTerminalStatus(job.status) && clock.now() < deadline) {
      const gone = new AbortController();
      res.once('close', () => gone.abort());
      while (!isTerminalStatus(job.status) && !gone.signal.aborted) {
        const left = deadline - clock.now();
        if (left <= 0) break;
        await nextJobChange(events, jobId, Math.min(left, config.streamFallbackReadMs), gone.signal);
        job = await service.get(organizationId, jobId, include);
      }
      if (gone.signal.aborted) return;
    }
    await answerJson(res, 200, job);
  };
