import type { EventList, ListEventsParams } from '@jobs-api/api-types';
import { listEvents as list } from '../../webhooks/resource.js';
import { organizationOf } from '../auth.js';
import type { OperationHandler } from '../deps.js';
import { listPage } from '../listPage.js';

/** GET /v1/events: one keyset-paginated page, with the jobs' cursor conventions. */
export const listEvents: OperationHandler = (deps) =>
  async function listEvents(req, res) {
    const page = await list(deps, organizationOf(res), req.query as ListEventsParams);
    const body: EventList = listPage(page.data, page.hasMore);
    res.status(200).json(body);
  };
