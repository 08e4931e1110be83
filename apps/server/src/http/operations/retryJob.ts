import { organizationOf } from '../auth.js';
import type { OperationHandler } from '../deps.js';

/** POST /v1/jobs/{job_id}/retry (the body, `{}` from the official SDKs, is ignored). */
export const retryJob: OperationHandler = ({ service }) =>
  async function retryJob(req, res) {
    res.status(200).json(await service.retry(organizationOf(res), req.params.job_id as string));
  };
