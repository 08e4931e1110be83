import type { ProjectDocumentCreate } from '@jobs-api/api-types';
import { addProjectDocument } from '../../projects/resource.js';
import { organizationOf } from '../auth.js';
import type { OperationHandler } from '../deps.js';

/** POST /v1/projects/{project_id}/documents: a labelled document (ground truth checked against the project). */
export const createProjectDocument: OperationHandler = (deps) =>
  async function createProjectDocument(req, res) {
    // Reading an https:// document is aborted if the client goes away.
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort(new DOMException('The client went away', 'AbortError'));
    });
    const document = await addProjectDocument(deps, organizationOf(res), req.params.project_id as string, req.body as ProjectDocumentCreate, controller.signal);
    res.status(200).json(document);
  };
