import { deleteTemplate as remove } from '../../templates/resource.js';
import { organizationOf } from '../auth.js';
import type { OperationHandler } from '../deps.js';

/** DELETE /v1/edit/templates/{template_id}: the template and its stored PDF. */
export const deleteTemplate: OperationHandler = (deps) =>
  async function deleteTemplate(req, res) {
    res.status(200).json(await remove(deps, organizationOf(res), req.params.template_id as string));
  };
