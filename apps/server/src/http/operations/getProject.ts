import { getProject as get } from '../../projects/resource.js';
import { organizationOf } from '../auth.js';
import type { OperationHandler } from '../deps.js';

/** GET /v1/projects/{project_id}: the project and how many documents it holds. */
export const getProject: OperationHandler = (deps) =>
  async function getProject(req, res) {
    res.status(200).json(await get(deps, organizationOf(res), req.params.project_id as string));
  };
