import { rotateWebhookEndpointSecret as rotate } from '../../webhooks/resource.js';
import { organizationOf } from '../auth.js';
import type { OperationHandler } from '../deps.js';

/** POST /v1/webhook_endpoints/{webhook_endpoint_id}/rotate_secret: the new secret answered once; the old one signs for 24 h more. */
export const rotateWebhookEndpointSecret: OperationHandler = (deps) =>
  async function rotateWebhookEndpointSecret(req, res) {
    res.status(200).json(await rotate(deps, organizationOf(res), req.params.webhook_endpoint_id as string));
  };
