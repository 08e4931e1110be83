import type { ProjectList } from '@jobs-api/api-types';
import { listProjects as list, type ProjectListParams } from '../../projects/resource.js';
import { organizationOf } from '../auth.js';
import type { OperationHandler } from '../deps.js';

/** GET /v1/projects: one keyset-paginated page of the organization's projects. */
export const listProjects: OperationHandler = (deps) =>
  async function listProjects(req, res) {
    const page = await list(deps, organizationOf(res), req.query as ProjectListParams);
    const body: ProjectList = {
      object: 'list',
      data: page.data,
      first_id: page.data[0]?.id ?? null,
      last_id: page.data.at(-1)?.id ?? null,
      has_more: page.hasMore,
    };
    res.status(200).json(body);
  };
