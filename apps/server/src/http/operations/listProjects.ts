import type { ProjectList } from '@jobs-api/api-types';
import { listProjects as list, type ProjectListParams } from '../../projects/resource.js';
import { organizationOf } from '../auth.js';
import type { OperationHandler } from '../deps.js';
import { listPage } from '../listPage.js';

/** GET /v1/projects: one keyset-paginated page of the organization's projects. */
export const listProjects: OperationHandler = (deps) =>
  async function listProjects(req, res) {
    const page = await list(deps, organizationOf(res), req.query as ProjectListParams);
    const body: ProjectList = listPage(page.data, page.hasMore);
    res.status(200).json(body);
  };
