import { getTemplate as get } from '../../templates/resource.js';
import { organizationOf } from '../auth.js';
import type { OperationHandler } from '../deps.js';

/** GET /v1/edit/templates/{template_id}: another organization's template is a 404. */
export const getTemplate: OperationHandler = (deps) =>
  async function getTemplate(req, res) {
    res.status(200).json(await get(deps, organizationOf(res), req.params.template_id as string));
  };
