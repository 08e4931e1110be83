import { organizationOf } from '../auth.js';
import type { OperationHandler } from '../deps.js';

/** POST /v1/jobs/{job_id}/cancel (the body, `{}` from the official SDKs, is ignored). */
export const cancelJob: OperationHandler = ({ service }) =>
  async function cancelJob(req, res) {
    res.status(200).json(await service.cancel(organizationOf(res), req.params.job_id as string));
  };
