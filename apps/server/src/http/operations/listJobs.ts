import type { JobList, ListJobsParams } from '@jobs-api/api-types';
import { organizationOf } from '../auth.js';
import type { OperationHandler } from '../deps.js';
import { toJobListQuery } from '../listQuery.js';

/** GET /v1/jobs: one keyset-paginated page. */
export const listJobs: OperationHandler = ({ service }) =>
  async function listJobs(req, res) {
    const page = await service.list(organizationOf(res), toJobListQuery(req.query as ListJobsParams));
    const list: JobList = {
      object: 'list',
      data: page.jobs,
      first_id: page.jobs[0]?.id ?? null,
      last_id: page.jobs.at(-1)?.id ?? null,
      has_more: page.hasMore,
    };
    res.status(200).json(list);
  };
