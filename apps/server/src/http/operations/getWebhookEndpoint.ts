import { getWebhookEndpoint as get } from '../../webhooks/resource.js';
import { organizationOf } from '../auth.js';
import type { OperationHandler } from '../deps.js';

/** GET /v1/webhook_endpoints/{webhook_endpoint_id}: without its secret. */
export const getWebhookEndpoint: OperationHandler = (deps) =>
  async function getWebhookEndpoint(req, res) {
    res.status(200).json(await get(deps, organizationOf(res), req.params.webhook_endpoint_id as string));
  };
