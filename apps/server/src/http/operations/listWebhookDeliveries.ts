import type { WebhookDeliveryList } from '@jobs-api/api-types';
import type { PageParams } from '../../store/pagination.js';
import { listWebhookDeliveries as list } from '../../webhooks/resource.js';
import { organizationOf } from '../auth.js';
import type { OperationHandler } from '../deps.js';
import { listPage } from '../listPage.js';

/** GET /v1/webhook_endpoints/{webhook_endpoint_id}/deliveries: the delivery log, one page. */
export const listWebhookDeliveries: OperationHandler = (deps) =>
  async function listWebhookDeliveries(req, res) {
    const page = await list(deps, organizationOf(res), req.params.webhook_endpoint_id as string, req.query as PageParams);
    const body: WebhookDeliveryList = listPage(page.data, page.hasMore);
    res.status(200).json(body);
  };
