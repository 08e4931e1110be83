import type { GetJobParams } from '@jobs-api/api-types';
import { organizationOf } from '../auth.js';
import { answerJson } from '../answerJson.js';
import type { OperationHandler } from '../deps.js';

/** GET /v1/jobs/{job_id}: payloads only when asked for, so polling stays light. */
export const getJob: OperationHandler = ({ service }) =>
  async function getJob(req, res) {
    const q = req.query as GetJobParams;
    const job = await service.get(organizationOf(res), req.params.job_id as string, { request: q.include_request, response: q.include_response });
    await answerJson(res, 200, job);
  };
