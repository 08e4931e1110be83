import type { JobList, ListJobsParams } from '@jobs-api/api-types';
import { organizationOf } from '../auth.js';
import type { OperationHandler } from '../deps.js';
import { listPage } from '../listPage.js';
import { toJobListQuery } from '../listQuery.js';

/** GET /v1/jobs: one keyset-paginated page. */
export const listJobs: OperationHandler = ({ service }) =>
  async function listJobs(req, res) {
    const query = toJobListQuery(req.query as ListJobsParams);
    const page = await service.list(organizationOf(res), query);
    const list: JobList = listPage(page.jobs, page.hasMore);
    // A filename_regex page that stopped at its scan bound continues from the last job examined.
    if (page.boundaryId !== undefined) {
      if (query.before !== undefined) list.first_id = page.boundaryId;
      else list.last_id = page.boundaryId;
    }
    res.status(200).json(list);
  };
