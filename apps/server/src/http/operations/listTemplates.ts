import type { TemplateList } from '@jobs-api/api-types';
import { listTemplates as list, type TemplateListParams } from '../../templates/resource.js';
import { organizationOf } from '../auth.js';
import type { OperationHandler } from '../deps.js';
import { listPage } from '../listPage.js';

/** GET /v1/edit/templates: one keyset-paginated page of the organization's templates. */
export const listTemplates: OperationHandler = (deps) =>
  async function listTemplates(req, res) {
    const page = await list(deps, organizationOf(res), req.query as TemplateListParams);
    const body: TemplateList = listPage(page.data, page.hasMore);
    res.status(200).json(body);
  };
