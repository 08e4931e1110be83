import type { ProjectDocumentList } from '@jobs-api/api-types';
import { listProjectDocuments as list, type ProjectListParams } from '../../projects/resource.js';
import { organizationOf } from '../auth.js';
import type { OperationHandler } from '../deps.js';

/** GET /v1/projects/{project_id}/documents: one keyset-paginated page of the project's documents. */
export const listProjectDocuments: OperationHandler = (deps) =>
  async function listProjectDocuments(req, res) {
    const page = await list(deps, organizationOf(res), req.params.project_id as string, req.query as ProjectListParams);
    const body: ProjectDocumentList = {
      object: 'list',
      data: page.data,
      first_id: page.data[0]?.id ?? null,
      last_id: page.data.at(-1)?.id ?? null,
      has_more: page.hasMore,
    };
    res.status(200).json(body);
  };
