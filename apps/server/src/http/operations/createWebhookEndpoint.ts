import type { WebhookEndpointCreate } from '@jobs-api/api-types';
import { createWebhookEndpoint as create } from '../../webhooks/resource.js';
import { organizationOf } from '../auth.js';
import type { OperationHandler } from '../deps.js';

/** POST /v1/webhook_endpoints: the URL checked by the SSRF guard; the secret answered once. */
export const createWebhookEndpoint: OperationHandler = (deps) =>
  async function createWebhookEndpoint(req, res) {
    res.status(200).json(await create(deps, organizationOf(res), req.body as WebhookEndpointCreate));
  };
