import { deleteWebhookEndpoint as remove } from '../../webhooks/resource.js';
import { organizationOf } from '../auth.js';
import type { OperationHandler } from '../deps.js';

/** DELETE /v1/webhook_endpoints/{webhook_endpoint_id}: the endpoint and its delivery log. */
export const deleteWebhookEndpoint: OperationHandler = (deps) =>
  async function deleteWebhookEndpoint(req, res) {
    res.status(200).json(await remove(deps, organizationOf(res), req.params.webhook_endpoint_id as string));
  };
