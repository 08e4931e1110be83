import type { ProjectDocumentList } from '@jobs-api/api-types';
import { listProjectDocuments as list, type ProjectListParams } from '../../projects/resource.js';
import { organizationOf } from '../auth.js';
import type { OperationHandler } from '../deps.js';
import { listPage } from '../listPage.js';

/** GET /v1/projects/{project_id}/documents: one keyset-paginated page of the project's documents. */
export const listProjectDocuments: OperationHandler = (deps) =>
  async function listProjectDocuments(req, res) {
    const page = await list(deps, organizationOf(res), req.params.project_id as string, req.query as ProjectListParams);
    const body: ProjectDocumentList = listPage(page.data, page.hasMore);
    res.status(200).json(body);
  };
