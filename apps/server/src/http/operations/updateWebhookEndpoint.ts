import type { WebhookEndpointUpdate } from '@jobs-api/api-types';
import { updateWebhookEndpoint as update } from '../../webhooks/resource.js';
import { organizationOf } from '../auth.js';
import type { OperationHandler } from '../deps.js';

/** PATCH /v1/webhook_endpoints/{webhook_endpoint_id}: a new URL is checked again. */
export const updateWebhookEndpoint: OperationHandler = (deps) =>
  async function updateWebhookEndpoint(req, res) {
    res.status(200).json(await update(deps, organizationOf(res), req.params.webhook_endpoint_id as string, req.body as WebhookEndpointUpdate));
  };
