import type { ProjectCreate } from '@jobs-api/api-types';
import { createProject as create } from '../../projects/resource.js';
import { organizationOf } from '../auth.js';
import type { OperationHandler } from '../deps.js';

/** POST /v1/projects: an evaluation project (its task checked: a schema that compiles, unique names). */
export const createProject: OperationHandler = (deps) =>
  async function createProject(req, res) {
    res.status(200).json(await create(deps, organizationOf(res), req.body as ProjectCreate));
  };
