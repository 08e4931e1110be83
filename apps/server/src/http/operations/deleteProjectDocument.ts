import { deleteProjectDocument as remove } from '../../projects/resource.js';
import { organizationOf } from '../auth.js';
import type { OperationHandler } from '../deps.js';

/** DELETE /v1/projects/{project_id}/documents/{document_id}: the document and its stored file. */
export const deleteProjectDocument: OperationHandler = (deps) =>
  async function deleteProjectDocument(req, res) {
    res.status(200).json(await remove(deps, organizationOf(res), req.params.project_id as string, req.params.document_id as string));
  };
