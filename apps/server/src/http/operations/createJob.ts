import type { CreateJobBody } from '@jobs-api/api-types';
import { organizationOf } from '../auth.js';
import type { OperationHandler } from '../deps.js';
import { answerJson } from '../answerJson.js';
import { submittedBody } from '../requestContext.js';
import { streamedDataUrlsOf } from '../streamedDataUrls.js';

/** POST /v1/jobs: 200 queued, 202 queued with dispatch_delayed, or the replayed job. */
export const createJob: OperationHandler = ({ service }) =>
  async function createJob(req, res) {
    const key = req.header('idempotency-key');
    const streamed = streamedDataUrlsOf(res);
    const created = await service.create(organizationOf(res), submittedBody<CreateJobBody>(req, res), key, streamed);
    if (created.replayed) res.setHeader('Idempotent-Replayed', 'true');
    await answerJson(res, created.delayed ? 202 : 200, created.job, streamed);
  };
