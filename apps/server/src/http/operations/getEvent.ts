import { getEvent as get } from '../../webhooks/resource.js';
import { organizationOf } from '../auth.js';
import type { OperationHandler } from '../deps.js';

/** GET /v1/events/{event_id}. */
export const getEvent: OperationHandler = (deps) =>
  async function getEvent(req, res) {
    res.status(200).json(await get(deps, organizationOf(res), req.params.event_id as string));
  };
