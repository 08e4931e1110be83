import { deleteProject as remove } from '../../projects/resource.js';
import { organizationOf } from '../auth.js';
import type { OperationHandler } from '../deps.js';

/** DELETE /v1/projects/{project_id}: the project, its documents and their stored files. */
export const deleteProject: OperationHandler = (deps) =>
  async function deleteProject(req, res) {
    res.status(200).json(await remove(deps, organizationOf(res), req.params.project_id as string));
  };
