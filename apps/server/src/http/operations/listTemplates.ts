import type { TemplateList } from '@jobs-api/api-types';
import { listTemplates as list, type TemplateListParams } from '../../templates/resource.js';
import { organizationOf } from '../auth.js';
import type { OperationHandler } from '../deps.js';

/** GET /v1/edit/templates: one keyset-paginated page of the organization's templates. */
export const listTemplates: OperationHandler = (deps) =>
  async function listTemplates(req, res) {
    const page = await list(deps, organizationOf(res), req.query as TemplateListParams);
    const body: TemplateList = {
      object: 'list',
      data: page.data,
      first_id: page.data[0]?.id ?? null,
      last_id: page.data.at(-1)?.id ?? null,
      has_more: page.hasMore,
    };
    res.status(200).json(body);
  };
