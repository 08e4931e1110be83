import { getProjectDocument as get } from '../../projects/resource.js';
import { organizationOf } from '../auth.js';
import type { OperationHandler } from '../deps.js';

/** GET /v1/projects/{project_id}/documents/{document_id}: a labelled document. */
export const getProjectDocument: OperationHandler = (deps) =>
  async function getProjectDocument(req, res) {
    res.status(200).json(await get(deps, organizationOf(res), req.params.project_id as string, req.params.document_id as string));
  };
