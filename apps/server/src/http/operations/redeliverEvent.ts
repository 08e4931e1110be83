import type { EventRedeliveryCreate } from '@jobs-api/api-types';
import { redeliverEvent as redeliver } from '../../webhooks/resource.js';
import { organizationOf } from '../auth.js';
import type { OperationHandler } from '../deps.js';

/** POST /v1/events/{event_id}/redeliver: one more delivery, now, with the same webhook-id. */
export const redeliverEvent: OperationHandler = (deps) =>
  async function redeliverEvent(req, res) {
    const body = (req.body ?? {}) as EventRedeliveryCreate;
    res.status(202).json(await redeliver(deps, organizationOf(res), req.params.event_id as string, body.webhook_endpoint_id));
  };
