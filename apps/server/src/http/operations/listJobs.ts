import type { JobList, ListJobsParams } from '@jobs-api/api-types';
import { organizationOf } from '../auth.js';
import type { OperationHandler } from '../deps.js';
import { listPage } from '../listPage.js';
import { toJobListQuery } from '../listQuery.js';

/** GET /v1/jobs: one keyset-paginated page. */
export const listJobs: OperationHandler = ({ service }) =>
  async function listJobs(req, res) {
    const page = await service.list(organizationOf(res), toJobListQuery(req.query as ListJobsParams));
    const list: JobList = listPage(page.jobs, page.hasMore);
    res.status(200).json(list);
  };
