import type { WebhookEndpointList } from '@jobs-api/api-types';
import type { PageParams } from '../../store/pagination.js';
import { listWebhookEndpoints as list } from '../../webhooks/resource.js';
import { organizationOf } from '../auth.js';
import type { OperationHandler } from '../deps.js';
import { listPage } from '../listPage.js';

/** GET /v1/webhook_endpoints: one keyset-paginated page. */
export const listWebhookEndpoints: OperationHandler = (deps) =>
  async function listWebhookEndpoints(req, res) {
    const page = await list(deps, organizationOf(res), req.query as PageParams);
    const body: WebhookEndpointList = listPage(page.data, page.hasMore);
    res.status(200).json(body);
  };
